import { useState } from 'react'
import type { SettingChanges } from '@shared/settings-schema'
import { Field } from '@/components/Field'
import { useApiAction } from '@/hooks/use-api-action'
import { messageFor } from '@/lib/messages'
import { describeError } from '../setting-fields'
import { api } from '@/lib/api'

interface TestEmailProps {
  /** The screen's unsaved changes; only the mail ones are used. */
  draft: SettingChanges
}

/**
 * Sends one message with the mail settings as typed, before they are saved, and shows what
 * happened: delivered, or the mail server's own error.
 */
export function TestEmail({ draft }: TestEmailProps) {
  const [to, setTo] = useState('')
  const [sent, setSent] = useState<string | null>(null)
  const mail = {
    'mail.transport': draft['mail.transport'],
    'mail.smtpUrl': draft['mail.smtpUrl'],
    'mail.from': draft['mail.from']
  }
  const changed = Object.fromEntries(Object.entries(mail).filter(([, value]) => value !== undefined))
  const sendTest = useApiAction({
    call: () => api.adminSendTestEmail({ to, draft: changed }),
    onSuccess: (result) =>
      setSent(
        result.transport === 'smtp'
          ? `Test email sent to ${to.trim()}.`
          : `Test email to ${to.trim()} is in the Mail log (development: nothing was sent).`
      )
  })
  const send = (): void => {
    setSent(null)
    sendTest.run()
  }
  const pending = sendTest.pending

  const error = sendTest.failure
  const toErrors = error?.fields?.to?.map(messageFor) ?? []
  const whole = error && toErrors.length === 0 ? describeError(error) : null
  return (
    <div className="test-email">
      <Field
        label="Test address"
        type="email"
        autoComplete="email"
        // Enter here sends the test email, not the whole Settings form.
        onEnter={send}
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
        <button type="button" className="button button-secondary" disabled={pending} onClick={send}>
          {pending && <span className="spinner" aria-hidden="true" />}
          {pending ? 'Sending…' : 'Send test email'}
        </button>
      </div>
      <p role="status" className="measure-result">
        {sent ?? ''}
      </p>
      {whole && (
        <p role="alert" className="alert alert-error">
          {whole}
        </p>
      )}
    </div>
  )
}
