import type { ChannelInput } from '../../../../../shared/contract'
import type { ApiError, Result } from '../../../../../shared/result'
import type { SessionView } from '../../../../../shared/views'
import { Field } from '../../../components/Field'
import { Form } from '../../../components/Form'
import { SubmitButton } from '../../../components/SubmitButton'
import { useApiForm } from '../../../lib/use-api-form'
import { PasswordRules } from './PasswordRules'

type NewAccount = ChannelInput<'signUp'>

interface NewAccountFormProps {
  /** `window.api.signUp` or `window.api.createFirstAdmin`: same fields, same answer. */
  submit: (input: NewAccount) => Promise<Result<SessionView>>
  label: string
  pendingLabel: string
  onSuccess: (session: SessionView) => void
  onError?: (error: ApiError) => void
}

/** Username, Email address, Password, Password confirmation: Sign up and Create administrator. */
export function NewAccountForm({ submit, label, pendingLabel, onSuccess, onError }: NewAccountFormProps) {
  const form = useApiForm<NewAccount, SessionView>({
    initial: { username: '', email: '', password: '', passwordConfirmation: '' },
    submit,
    onSuccess,
    onError
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <Field label="Username" binding={form.field('username')} autoComplete="username" />
      <Field label="Email address" binding={form.field('email')} type="email" autoComplete="email" />
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
      <SubmitButton label={label} pendingLabel={pendingLabel} pending={form.pending} />
    </Form>
  )
}
