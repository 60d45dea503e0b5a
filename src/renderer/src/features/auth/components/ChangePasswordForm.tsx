import type { ChannelInput } from '@shared/contract'
import type { SessionView } from '@shared/views'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { NewPasswordFields } from '@/components/NewPasswordFields'
import { api } from '@/lib/api'

interface ChangePasswordFormProps {
  onSuccess: (session: SessionView) => void
}

/** Old password, New password, New password confirmation, as Django's PasswordChangeForm. */
export function ChangePasswordForm({ onSuccess }: ChangePasswordFormProps) {
  const form = useApiForm<ChannelInput<'changePassword'>, SessionView>({
    initial: { oldPassword: '', newPassword: '', newPasswordConfirmation: '' },
    submit: (input) => api.changePassword(input),
    onSuccess,
    clearOnError: ['oldPassword', ['newPassword', 'newPasswordConfirmation']]
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <Field label="Old password" binding={form.field('oldPassword')} type="password" autoComplete="current-password" />
      <NewPasswordFields
        label="New password"
        password={form.field('newPassword')}
        confirmation={form.field('newPasswordConfirmation')}
      />
      <SubmitButton label="Change password" pendingLabel="Changing password…" pending={form.pending} />
    </Form>
  )
}
