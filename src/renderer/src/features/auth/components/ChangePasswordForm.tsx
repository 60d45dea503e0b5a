import type { ReactNode } from 'react'
import type { ChannelInput } from '@shared/contract'
import type { SessionView } from '@shared/views'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm, type ApiForm } from '@/hooks/use-api-form'
import { NewPasswordFields } from '@/components/NewPasswordFields'
import { api } from '@/lib/api'

interface ChangePasswordFormProps {
  onSuccess: (session: SessionView) => void
}

type NewPasswordOnly = Omit<Required<ChannelInput<'changePassword'>>, 'oldPassword'>

/** Old password, New password, New password confirmation, as Django's PasswordChangeForm. */
export function ChangePasswordForm({ onSuccess }: ChangePasswordFormProps) {
  const form = useApiForm<Required<ChannelInput<'changePassword'>>, SessionView>({
    initial: { oldPassword: '', newPassword: '', newPasswordConfirmation: '' },
    submit: (input) => api.changePassword(input),
    onSuccess,
    clearOnError: ['oldPassword', ['newPassword', 'newPasswordConfirmation']]
  })
  return (
    <ChangeForm form={form}>
      <Field label="Old password" binding={form.field('oldPassword')} type="password" autoComplete="current-password" />
    </ChangeForm>
  )
}

/**
 * The forced change after a temporary password: only the new password, since the login that led
 * here just proved the temporary one (main accepts that only in this step).
 */
export function ReplaceTemporaryPasswordForm({ onSuccess }: ChangePasswordFormProps) {
  const form = useApiForm<NewPasswordOnly, SessionView>({
    initial: { newPassword: '', newPasswordConfirmation: '' },
    submit: (input) => api.changePassword(input),
    onSuccess,
    clearOnError: [['newPassword', 'newPasswordConfirmation']]
  })
  return <ChangeForm form={form} />
}

function ChangeForm({ form, children }: { form: ApiForm<NewPasswordOnly>; children?: ReactNode }) {
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      {children}
      <NewPasswordFields
        label="New password"
        password={form.field('newPassword')}
        confirmation={form.field('newPasswordConfirmation')}
      />
      <SubmitButton label="Change password" pendingLabel="Changing password…" pending={form.pending} />
    </Form>
  )
}
