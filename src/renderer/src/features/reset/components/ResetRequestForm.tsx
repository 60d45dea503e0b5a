import type { ChannelInput, ChannelOutput } from '@shared/contract'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { api } from '@/lib/api'

interface ResetRequestFormProps {
  /** Main answers the same whether or not an account uses the address. */
  onSuccess: () => void
}

/** Email address, as Django's PasswordResetForm. Only a malformed address is an error. */
export function ResetRequestForm({ onSuccess }: ResetRequestFormProps) {
  const form = useApiForm<ChannelInput<'requestPasswordReset'>, ChannelOutput<'requestPasswordReset'>>({
    initial: { email: '' },
    submit: (input) => api.requestPasswordReset(input),
    onSuccess
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <Field label="Email address" binding={form.field('email')} type="email" autoComplete="email" />
      <SubmitButton label="Send reset code" pendingLabel="Sending reset code…" pending={form.pending} />
    </Form>
  )
}
