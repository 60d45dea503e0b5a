import type { AccountDetail } from '@shared/admin-views'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { useApiForm } from '@/hooks/use-api-form'
import { api } from '@/lib/api'
import { withConfirmation } from '@/lib/confirm-its-you'

interface DeleteAccountPanelProps {
  account: AccountDetail
  onDeleted: () => void
  onCancel: () => void
}

/** Deleting needs the account's name typed again, so a slip of the mouse deletes nothing. */
export function DeleteAccountPanel({ account, onDeleted, onCancel }: DeleteAccountPanelProps) {
  const form = useApiForm<{ confirmUsername: string }, { deleted: true }>({
    initial: { confirmUsername: '' },
    submit: ({ confirmUsername }) =>
      withConfirmation(() => api.adminDeleteAccount({ id: account.id, confirmUsername })),
    onSuccess: onDeleted
  })
  return (
    <div className="danger-panel">
      <p>
        This deletes <strong>{account.username}</strong> for good: the account, its sessions and its reset codes. The
        audit trail keeps what happened. It cannot be undone.
      </p>
      <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
        <Field
          label={`Type ${account.username} to confirm`}
          binding={form.field('confirmUsername')}
          autoComplete="off"
        />
        <div className="actions">
          <button type="submit" className="button button-danger" disabled={form.pending}>
            {form.pending ? 'Deleting…' : `Delete ${account.username}`}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </Form>
    </div>
  )
}
