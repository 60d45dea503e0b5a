import { api } from '@/lib/api'
import { useEffect, useId } from 'react'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { useConfirmItsYou } from '@/lib/confirm-its-you'

/** Shown over the screen while a sensitive action waits for the password. */
export function ConfirmItsYouDialog() {
  const asking = useConfirmItsYou((state) => state.pending !== null)
  return asking ? <ConfirmPassword /> : null
}

function ConfirmPassword() {
  const settle = useConfirmItsYou((state) => state.settle)
  const headingId = useId()
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') settle(false)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [settle])
  const form = useApiForm<{ password: string }, { confirmed: true }>({
    initial: { password: '' },
    submit: ({ password }) => api.reauthenticate({ password }),
    onSuccess: () => settle(true),
    clearOnError: ['password']
  })
  return (
    <div className="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby={headingId} className="modal card">
        <h2 id={headingId}>Confirm it&apos;s you</h2>
        <p className="lead">Enter your password to continue. It is remembered for 5 minutes.</p>
        <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
          <Field label="Password" binding={form.field('password')} type="password" autoComplete="current-password" />
          <div className="actions">
            <SubmitButton label="Confirm" pendingLabel="Checking…" pending={form.pending} />
            <button type="button" className="button button-secondary" onClick={() => settle(false)}>
              Cancel
            </button>
          </div>
        </Form>
      </div>
    </div>
  )
}
