import { useState } from 'react'
import type { TwoFactorStatus } from '@shared/views'
import { api } from '@/lib/api'
import { countOf } from '@shared/plural'
import { PasswordConfirmForm } from './PasswordConfirmForm'

interface TwoFactorOnPanelProps {
  status: TwoFactorStatus
  onNewCodes: (recoveryCodes: string[]) => void
  onTurnedOff: (status: TwoFactorStatus) => void
}

type Panel = 'turn-off' | 'new-codes'

/** Two-factor is on: how many recovery codes are left, new ones, or off — each after the password. */
export function TwoFactorOnPanel({ status, onNewCodes, onTurnedOff }: TwoFactorOnPanelProps) {
  const [open, setOpen] = useState<Panel | null>(null)
  return (
    <>
      <p className="section-help">
        {`Two-factor authentication is on. You have ${countOf(status.recoveryCodesLeft, 'unused recovery code', 'unused recovery codes')}.`}
      </p>
      {open === 'turn-off' ? (
        <PasswordConfirmForm
          submitLabel="Turn off two-factor authentication"
          pendingLabel="Turning off…"
          submit={(password) => api.twoFactorDisable({ password })}
          onSuccess={(next) => {
            setOpen(null)
            onTurnedOff(next)
          }}
          onCancel={() => setOpen(null)}
        />
      ) : open === 'new-codes' ? (
        <PasswordConfirmForm
          submitLabel="Generate new recovery codes"
          pendingLabel="Generating…"
          submit={(password) => api.twoFactorNewRecoveryCodes({ password })}
          onSuccess={(data) => onNewCodes(data.recoveryCodes)}
          onCancel={() => setOpen(null)}
        />
      ) : (
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={() => setOpen('new-codes')}>
            Generate new recovery codes
          </button>
          <button type="button" className="button button-danger-outline" onClick={() => setOpen('turn-off')}>
            Turn off two-factor authentication
          </button>
        </div>
      )}
    </>
  )
}
