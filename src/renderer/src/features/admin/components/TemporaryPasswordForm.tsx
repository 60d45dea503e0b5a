import type { AccountDetail } from '@shared/admin-views'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { NewPasswordFields } from '@/components/NewPasswordFields'
import { api } from '@/lib/api'
import { withConfirmation } from '@/lib/confirm-its-you'

interface TemporaryPasswordFormProps {
  account: AccountDetail
  onSet: (account: AccountDetail) => void
  onCancel: () => void
}

/** A password the admin hands over in person; main makes the user replace it at the next login. */
export function TemporaryPasswordForm({ account, onSet, onCancel }: TemporaryPasswordFormProps) {
  const form = useApiForm<{ password: string; passwordConfirmation: string }, AccountDetail>({
    initial: { password: '', passwordConfirmation: '' },
    submit: (input) => withConfirmation(() => api.adminSetTemporaryPassword({ id: account.id, ...input })),
    onSuccess: onSet,
    clearOnError: [['password', 'passwordConfirmation']]
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <NewPasswordFields
        label="Temporary password"
        password={form.field('password')}
        confirmation={form.field('passwordConfirmation')}
        onGenerate={(password) => form.fill({ password, passwordConfirmation: password })}
      />
      <div className="actions">
        <SubmitButton label="Set temporary password" pendingLabel="Setting password…" pending={form.pending} />
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Form>
  )
}
