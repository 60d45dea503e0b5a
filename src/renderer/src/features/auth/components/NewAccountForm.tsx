import type { Result } from '@shared/result'
import type { SessionView } from '@shared/views'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { emptyNewAccount, NewAccountFields, type NewAccount } from '@/components/NewAccountFields'

interface NewAccountFormProps {
  /** `api.signUp` or `api.createFirstAdmin`: same fields, same answer. */
  submit: (input: NewAccount) => Promise<Result<SessionView>>
  label: string
  pendingLabel: string
  onSuccess: (session: SessionView) => void
}

/**
 * Sign up and Create administrator: a new account that this window is then signed in with.
 * A refusal may mean the window's idea of the session is stale (first run over), so it asks again.
 */
export function NewAccountForm({ submit, label, pendingLabel, onSuccess }: NewAccountFormProps) {
  const form = useApiForm<NewAccount, SessionView>({
    initial: emptyNewAccount,
    submit,
    onSuccess
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <NewAccountFields form={form} owner="self" />
      <SubmitButton label={label} pendingLabel={pendingLabel} pending={form.pending} />
    </Form>
  )
}
