import { api } from '@/lib/api'
import type { SessionView } from '@shared/views'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { useSession } from '@/store/session'

interface UnlockFormProps {
  handle: string
  onUnlocked: (session: SessionView) => void
}

/** The locked person's password; a wrong one counts toward the same lockout as a login. */
export function UnlockForm({ handle, onUnlocked }: UnlockFormProps) {
  const form = useApiForm<{ password: string }, SessionView>({
    initial: { password: '' },
    submit: ({ password }) => api.unlockSession({ handle, password }),
    onSuccess: onUnlocked,
    onError: (error) => {
      // The session ended (too many wrong passwords, its lifetime): the window and the list learn so.
      if (error.code === 'locked_out' || error.code === 'locked_session_ended') {
        useSession
          .getState()
          .refresh()
          .catch(() => undefined)
      }
    },
    clearOnError: ['password']
  })
  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <Field label="Password" binding={form.field('password')} type="password" autoComplete="current-password" />
      <SubmitButton label="Unlock" pendingLabel="Unlocking…" pending={form.pending} />
    </Form>
  )
}
