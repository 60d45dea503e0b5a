import { useState } from 'react'
import type { AccountDetail } from '@shared/admin-views'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { emptyNewAccount, NewAccountFields, type NewAccount } from '@/components/NewAccountFields'
import { Checkbox } from '@/components/Checkbox'
import '../admin.css'
import { api } from '@/lib/api'

/** The Sign up fields plus the administrator role; nobody gets signed in. */
export function CreateAccountForm({ onCreated }: { onCreated: (account: AccountDetail) => void }) {
  const [isAdmin, setIsAdmin] = useState(false)
  const form = useApiForm<NewAccount, AccountDetail>({
    initial: emptyNewAccount,
    submit: (input) => api.adminCreateAccount({ ...input, isAdmin }),
    onSuccess: onCreated
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <NewAccountFields form={form} owner="other" />
      <Checkbox
        label="Administrator"
        checked={isAdmin}
        onChange={setIsAdmin}
        help="Can manage every account and read the audit trail."
      />
      <SubmitButton label="Create account" pendingLabel="Creating account…" pending={form.pending} />
    </Form>
  )
}
