import { useEffect, useId, useState } from 'react'
import type { TwoFactorSetup } from '@shared/views'
import { CopyButton } from '@/components/CopyButton'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiAction } from '@/hooks/use-api-action'
import { useApiForm } from '@/hooks/use-api-form'
import '../two-factor.css'
import { api } from '@/lib/api'
import { withConfirmation } from '@/lib/confirm-its-you'

interface SetupPanelProps {
  /** Shows the QR code at once (the forced set-up) rather than after a button. */
  autoStart: boolean
  onEnabled: (recoveryCodes: string[]) => void
}

/** `ABCDEFGH…` → `ABCD EFGH …`: easier to type; authenticator apps ignore the spaces. */
const grouped = (key: string): string => key.match(/.{1,4}/g)?.join(' ') ?? key

/**
 * Set-up: main draws a fresh secret and its QR code (the one time the secret leaves main),
 * and turns two-factor on only when a code from the app matches it.
 */
export function SetupPanel({ autoStart, onEnabled }: SetupPanelProps) {
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null)
  const begin = useApiAction({ call: () => withConfirmation(() => api.twoFactorBeginSetup({})), onSuccess: setSetup })
  const start = begin.run

  useEffect(() => {
    // Arriving with autoStart (sent here to set it up) is the click: the call, and its pending state, start now.
    if (autoStart) start()
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on arrival
  }, [autoStart])

  if (!setup) {
    return (
      <>
        <p className="section-help">
          Two-factor authentication asks for a code from an authenticator app on your phone after your password, so a
          password seen over your shoulder is not enough to get in.
        </p>
        <div className="actions">
          <button type="button" className="button button-primary" disabled={begin.pending} onClick={() => start()}>
            {begin.pending ? 'Preparing…' : 'Set up two-factor authentication'}
          </button>
        </div>
        {begin.error && (
          <div role="alert" className="alert alert-error">
            {begin.error}
          </div>
        )}
      </>
    )
  }
  return <SetupSteps setup={setup} onEnabled={onEnabled} />
}

function SetupSteps({ setup, onEnabled }: { setup: TwoFactorSetup; onEnabled: (codes: string[]) => void }) {
  const keyId = useId()
  const form = useApiForm<{ code: string }, { recoveryCodes: string[] }>({
    initial: { code: '' },
    submit: (input) => api.twoFactorEnable(input),
    onSuccess: (data) => onEnabled(data.recoveryCodes),
    clearOnError: ['code']
  })
  return (
    <div className="two-factor-setup">
      <h2>Set up two-factor authentication</h2>
      <ol className="setup-steps">
        <li>
          <p>
            Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, Aegis,
            1Password…).
          </p>
          <img
            className="qr-code"
            src={setup.qrCode}
            alt="QR code for your authenticator app"
            width={232}
            height={232}
          />
        </li>
        <li>
          <div className="field">
            <label htmlFor={keyId}>Setup key</label>
            {/* A text area so the whole key wraps into view; read-only, but selectable to copy. */}
            <textarea
              id={keyId}
              className="setup-key"
              readOnly
              rows={2}
              value={grouped(setup.setupKey)}
              spellCheck={false}
            />
            <div className="field-help">
              If you cannot scan, type this key into the app instead (time-based, 6 digits).
            </div>
            <div className="setup-key-actions">
              <CopyButton text={setup.setupKey} label="Copy key" what="the key" />
            </div>
          </div>
        </li>
        <li>
          <p>Enter the 6-digit code the app shows now.</p>
          <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
            <Field label="Authentication code" binding={form.field('code')} autoComplete="one-time-code" />
            <SubmitButton label="Turn on two-factor authentication" pendingLabel="Turning on…" pending={form.pending} />
          </Form>
        </li>
      </ol>
    </div>
  )
}
