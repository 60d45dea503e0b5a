import { useState } from 'react'
import type { ChannelInput, ChannelOutput } from '@shared/contract'
import { RESET_CODE_CHARS } from '@shared/limits'
import type { ApiError } from '@shared/result'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { RouteLink } from '@/components/RouteLink'
import { SubmitButton } from '@/components/SubmitButton'
import { route } from '@/lib/routes'
import { useApiForm } from '@/hooks/use-api-form'
import { NewPasswordFields } from '@/components/NewPasswordFields'
import '../reset.css'
import { api } from '@/lib/api'

interface ResetConfirmFormProps {
  onSuccess: () => void
}

/** Code problems after which only a fresh code helps. */
const needsNewCode = new Set([
  'reset_code_invalid',
  'reset_code_expired',
  'reset_code_used',
  'reset_code_attempts_exceeded'
])

const codeProblemOf = (error: ApiError): string | null => error.fields?.code?.[0]?.code ?? null

/**
 * Reset code, New password, New password confirmation, as Django's SetPasswordForm plus the
 * code. A password problem leaves the code usable, so the person fixes the password and resends.
 */
export function ResetConfirmForm({ onSuccess }: ResetConfirmFormProps) {
  const [codeProblem, setCodeProblem] = useState<string | null>(null)
  const form = useApiForm<ChannelInput<'confirmPasswordReset'>, ChannelOutput<'confirmPasswordReset'>>({
    initial: { code: '', newPassword: '', newPasswordConfirmation: '' },
    submit: (input) => api.confirmPasswordReset(input),
    onSuccess,
    onError: (error) => setCodeProblem(codeProblemOf(error)),
    clearOnError: [['newPassword', 'newPasswordConfirmation']]
  })
  const codeHelp =
    codeProblem && needsNewCode.has(codeProblem) ? (
      <RouteLink to={route('reset-request')}>Request a new reset code</RouteLink>
    ) : (
      `From the email: ${RESET_CODE_CHARS} letters and digits. Dashes and letter case do not matter.`
    )
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      {/* The wrapper only styles the input: monospace, so the groups line up as in the email. */}
      <div className="reset-code">
        <Field label="Reset code" binding={form.field('code')} autoComplete="one-time-code" help={codeHelp} />
      </div>
      <NewPasswordFields
        label="New password"
        password={form.field('newPassword')}
        confirmation={form.field('newPasswordConfirmation')}
      />
      <SubmitButton label="Set new password" pendingLabel="Setting new password…" pending={form.pending} />
    </Form>
  )
}
