import type { Result } from '@shared/result'
import type { SessionView } from '@shared/views'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { api } from '@/lib/api'

export type Factor = 'code' | 'recovery'

/** Each way to finish a login: the field main names in its errors, and the call. */
const factors: Record<
  Factor,
  { field: string; label: string; autoComplete: string; submit: (value: string) => Promise<Result<SessionView>> }
> = {
  code: {
    field: 'code',
    label: 'Authentication code',
    autoComplete: 'one-time-code',
    submit: (code) => api.twoFactorVerifyLogIn({ code })
  },
  recovery: {
    field: 'recoveryCode',
    label: 'Recovery code',
    autoComplete: 'off',
    submit: (recoveryCode) => api.twoFactorVerifyRecoveryCode({ recoveryCode })
  }
}

interface SecondFactorFormProps {
  factor: Factor
  onSuccess: (session: SessionView) => void
}

/** One code, checked by main; a wrong one is said beside the field and counts toward the lockout. */
export function SecondFactorForm({ factor, onSuccess }: SecondFactorFormProps) {
  const { field, label, autoComplete, submit } = factors[factor]
  const form = useApiForm<Record<string, string>, SessionView>({
    initial: { [field]: '' },
    submit: (values) => submit(values[field]),
    onSuccess,
    clearOnError: [field]
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <Field label={label} binding={form.field(field)} autoComplete={autoComplete} />
      <SubmitButton label="Verify" pendingLabel="Verifying…" pending={form.pending} />
    </Form>
  )
}
