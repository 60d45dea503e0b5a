import type { Result } from '@shared/result'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'

interface PasswordConfirmFormProps<T> {
  submitLabel: string
  pendingLabel: string
  submit: (password: string) => Promise<Result<T>>
  onSuccess: (data: T) => void
  onCancel: () => void
}

/** An action that needs the current password again; a wrong one counts toward the lockout in main. */
export function PasswordConfirmForm<T>({
  submitLabel,
  pendingLabel,
  submit,
  onSuccess,
  onCancel
}: PasswordConfirmFormProps<T>) {
  const form = useApiForm<{ password: string }, T>({
    initial: { password: '' },
    submit: (input) => submit(input.password),
    onSuccess,
    clearOnError: ['password']
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <Field
        label="Current password"
        binding={form.field('password')}
        type="password"
        autoComplete="current-password"
      />
      <div className="actions">
        <SubmitButton label={submitLabel} pendingLabel={pendingLabel} pending={form.pending} />
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Form>
  )
}
