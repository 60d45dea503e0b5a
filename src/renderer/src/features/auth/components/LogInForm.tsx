import type { ChannelInput } from '@shared/contract'
import type { SessionView } from '@shared/views'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { api } from '@/lib/api'

interface LogInFormProps {
  onSuccess: (session: SessionView) => void
}

/**
 * Username or email, Password. Any failure is one error above the form, never per field; the
 * name stays and the emptied Password takes the focus, so retyping never overwrites the name.
 */
export function LogInForm({ onSuccess }: LogInFormProps) {
  const form = useApiForm<ChannelInput<'logIn'>, SessionView>({
    initial: { identifier: '', password: '' },
    submit: (input) => api.logIn(input),
    onSuccess,
    clearOnError: ['password'],
    focusAfterFormError: 'password'
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <Field label="Username or email" binding={form.field('identifier')} autoComplete="username" />
      <Field label="Password" binding={form.field('password')} type="password" autoComplete="current-password" />
      <SubmitButton label="Log in" pendingLabel="Logging in…" pending={form.pending} />
    </Form>
  )
}
