import { useState } from 'react'
import type { AccountDetail } from '@shared/admin-views'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { emptyNewAccount, NewAccountFields, type NewAccount } from '@/components/NewAccountFields'
import { Checkbox } from '@/components/Checkbox'
import '../admin.css'
import { api } from '@/lib/api'

/** The Sign up fields plus the administrator role and a temporary password (on by default); nobody gets signed in. */
export function CreateAccountForm({ onCreated }: { onCreated: (account: AccountDetail) => void }) {
  const [isAdmin, setIsAdmin] = useState(false)
  // On by default: the administrator hands the password over and never keeps knowing the one in use.
  const [mustChangePassword, setMustChangePassword] = useState(true)
  const form = useApiForm<NewAccount & { expiresOn: string }, AccountDetail>({
    initial: { ...emptyNewAccount, expiresOn: '' },
    submit: ({ expiresOn, ...input }) =>
      api.adminCreateAccount({ ...input, isAdmin, mustChangePassword, expiresOn: expiresOn === '' ? null : expiresOn }),
    onSuccess: onCreated
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <NewAccountFields form={form} owner="other" generate />
      <Checkbox
        label="Must change password at first login"
        checked={mustChangePassword}
        onChange={setMustChangePassword}
        help="The password works for one login, and then they choose their own. Hand it over in person."
      />
      <Checkbox
        label="Administrator"
        checked={isAdmin}
        onChange={setIsAdmin}
        help="Can manage every account and read the audit trail."
      />
      <Field
        label="Account expires"
        type="date"
        binding={form.field('expiresOn')}
        autoComplete="off"
        help="From this day the account cannot sign in. Leave empty for never."
      />
      <SubmitButton label="Create account" pendingLabel="Creating account…" pending={form.pending} />
    </Form>
  )
}
