import { useState } from 'react'
import type { ApiError } from '@shared/result'
import type { SettingChanges } from '@shared/settings-schema'
import { Field } from '@/components/Field'
import { messageFor, unreachableMessage } from '@/lib/messages'
import { refreshIfAccessChanged } from '@/lib/access-errors'
import { describeError } from '../setting-fields'

interface TestEmailProps {
  /** The screen's unsaved changes; only the mail ones are used. */
  draft: SettingChanges
}

type Outcome = { sent: string } | { error: ApiError } | null

/**
 * Sends one message with the mail settings as typed, before they are saved, and shows what
 * happened: delivered, or the mail server's own error.
 */
export function TestEmail({ draft }: TestEmailProps) {
  const [to, setTo] = useState('')
  const [pending, setPending] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>(null)

  async function send(): Promise<void> {
    if (pending) return
    setPending(true)
    setOutcome(null)
    const mail = {
      'mail.transport': draft['mail.transport'],
      'mail.smtpUrl': draft['mail.smtpUrl'],
      'mail.from': draft['mail.from']
    }
    const changed = Object.fromEntries(Object.entries(mail).filter(([, value]) => value !== undefined))
    try {
      const result = await window.api.adminSendTestEmail({ to, draft: changed })
      if (result.ok) {
        setOutcome({
          sent:
            result.data.transport === 'smtp'
              ? `Test email sent to ${to.trim()}.`
              : `Test email to ${to.trim()} is in the Mail log (development: nothing was sent).`
        })
      } else {
        refreshIfAccessChanged(result.error)
        setOutcome({ error: result.error })
      }
    } catch {
      setOutcome({ error: { code: 'unreachable', message: unreachableMessage() } })
    } finally {
      setPending(false)
    }
  }

  const error = outcome && 'error' in outcome ? outcome.error : null
  const toErrors = error?.fields?.to?.map(messageFor) ?? []
  const whole = error && toErrors.length === 0 ? describeError(error) : null
  return (
    <div className="test-email">
      <Field
        label="Test address"
        type="email"
        autoComplete="email"
        // Enter here sends the test email, not the whole Settings form.
        onEnter={() => void send()}
        binding={{
          name: 'to',
          value: to,
          onChange: (event) => setTo(event.target.value),
          errors: toErrors,
          inputRef: () => undefined
        }}
        help="Sends one message with the mail settings above, saved or not."
      />
      <div className="test-email-actions">
        <button type="button" className="button button-secondary" disabled={pending} onClick={() => void send()}>
          {pending && <span className="spinner" aria-hidden="true" />}
          {pending ? 'Sending…' : 'Send test email'}
        </button>
      </div>
      <p role="status" className="measure-result">
        {outcome && 'sent' in outcome ? outcome.sent : ''}
      </p>
      {whole && (
        <p role="alert" className="alert alert-error">
          {whole}
        </p>
      )}
    </div>
  )
}
