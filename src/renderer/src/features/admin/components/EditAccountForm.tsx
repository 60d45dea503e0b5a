import { useState } from 'react'
import type { AccountDetail } from '@shared/admin-views'
import { normalizeEmail } from '@shared/email'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { Checkbox } from '@/components/Checkbox'
import { api } from '@/lib/api'
import { withConfirmation } from '@/lib/confirm-its-you'

interface EditAccountFormProps {
  account: AccountDetail
  /** The account being edited is the administrator at this window. */
  isSelf: boolean
  onSaved: (account: AccountDetail) => void
  /** Save was pressed with the form as the account is: main was not asked. */
  onUnchanged: () => void
  /** Save was pressed with changes: main is asked, and what an earlier Save said no longer holds. */
  onAttempt: () => void
}

/**
 * Email address, the administrator role and expiry (Active is the Access section's, said once).
 * The box follows the account until the admin changes it, so an action elsewhere shows here too.
 * Saving a form that equals the account asks nothing of main (nor Confirm it's you), and clears
 * a refusal shown beside a field whose value was put back.
 */
export function EditAccountForm({ account, isSelf, onSaved, onUnchanged, onAttempt }: EditAccountFormProps) {
  const [draft, setDraft] = useState<{ isAdmin?: boolean }>({})
  const isAdmin = draft.isAdmin ?? account.isAdmin
  const form = useApiForm<{ email: string; expiresOn: string }, AccountDetail>({
    initial: { email: account.email, expiresOn: account.expiresOn ?? '' },
    submit: ({ email, expiresOn }) =>
      withConfirmation(() =>
        api.adminUpdateAccount({
          id: account.id,
          email,
          isAdmin,
          expiresOn: expiresOn === '' ? null : expiresOn
        })
      ),
    onSuccess: (saved) => {
      setDraft({})
      onSaved(saved)
    }
  })
  // An address typed again with spaces around it is the address the account has.
  const unchanged =
    normalizeEmail(form.field('email').value) === account.email &&
    form.field('expiresOn').value === (account.expiresOn ?? '') &&
    isAdmin === account.isAdmin
  return (
    <Form
      error={form.formError}
      pending={form.pending}
      onSubmit={(event) => {
        if (!unchanged) {
          onAttempt()
          form.onSubmit(event)
          return
        }
        event.preventDefault()
        // Put back as it was: a refusal of what was typed before no longer applies.
        form.clearErrors()
        onUnchanged()
      }}
    >
      <Field label="Email address" binding={form.field('email')} type="email" autoComplete="off" />
      <fieldset className="roles">
        <legend>Roles</legend>
        <Checkbox
          label="Administrator"
          checked={isAdmin}
          disabled={isSelf}
          onChange={(checked) => setDraft((current) => ({ ...current, isAdmin: checked }))}
          help={
            isSelf
              ? 'You can’t remove your own administrator role; another administrator can.'
              : 'Can manage every account and read the audit trail.'
          }
        />
      </fieldset>
      <Field
        label="Account expires"
        type="date"
        binding={form.field('expiresOn')}
        autoComplete="off"
        help={
          account.isExpired
            ? 'This account has expired: it cannot sign in. Clear the date or move it later to let it in again.'
            : 'From this day the account cannot sign in. Leave empty for never.'
        }
      />
      <SubmitButton label="Save changes" pendingLabel="Saving…" pending={form.pending} />
    </Form>
  )
}
