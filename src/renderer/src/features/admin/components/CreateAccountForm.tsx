import { useState } from 'react'
import type { AccountDetail } from '../../../../../shared/admin-views'
import type { ChannelInput } from '../../../../../shared/contract'
import { Field } from '../../../components/Field'
import { Form } from '../../../components/Form'
import { SubmitButton } from '../../../components/SubmitButton'
import { useApiForm } from '../../../lib/use-api-form'
import { PasswordRules } from '../../auth/components/PasswordRules'
import { refreshIfAccessChanged } from '../access-errors'
import { Checkbox } from './Checkbox'

type NewAccount = ChannelInput<'signUp'>

/** The Sign up fields plus the administrator role; nobody gets signed in. */
export function CreateAccountForm({ onCreated }: { onCreated: (account: AccountDetail) => void }) {
  const [isAdmin, setIsAdmin] = useState(false)
  const form = useApiForm<NewAccount, AccountDetail>({
    initial: { username: '', email: '', password: '', passwordConfirmation: '' },
    submit: (input) => window.api.adminCreateAccount({ ...input, isAdmin }),
    onSuccess: onCreated,
    onError: refreshIfAccessChanged
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <Field label="Username" binding={form.field('username')} autoComplete="off" />
      <Field label="Email address" binding={form.field('email')} type="email" autoComplete="off" />
      <Field
        label="Password"
        binding={form.field('password')}
        type="password"
        autoComplete="new-password"
        help={<PasswordRules />}
      />
      <Field
        label="Password confirmation"
        binding={form.field('passwordConfirmation')}
        type="password"
        autoComplete="new-password"
        help="Enter the same password as before, for verification."
      />
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
