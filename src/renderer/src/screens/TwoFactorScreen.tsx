import { useEffect, useState } from 'react'
import type { TwoFactorStatus } from '@shared/views'
import { Screen } from '../components/Screen'
import { LogOutButton } from '../features/auth/components/LogOutButton'
import { PasswordConfirmForm } from '../features/two-factor/components/PasswordConfirmForm'
import { RecoveryCodesPanel } from '../features/two-factor/components/RecoveryCodesPanel'
import { SetupPanel } from '../features/two-factor/components/SetupPanel'
import { messageFor, unreachableMessage } from '../lib/messages'
import { refreshIfSessionChanged, useSession } from '../store/session'

export const TwoFactorScreen = () => <TwoFactor forced={false} />

/** Shown in place of every screen while main says this administrator must set up 2FA first. */
export const ForcedTwoFactorSetupScreen = () => <TwoFactor forced />

type Panel = 'turn-off' | 'new-codes'

function TwoFactor({ forced }: { forced: boolean }) {
  const [status, setStatus] = useState<TwoFactorStatus | null>(null)
  const [codes, setCodes] = useState<string[] | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<Panel | null>(null)

  useEffect(() => {
    window.api
      .twoFactorStatus({})
      .then((result) => {
        if (result.ok) setStatus(result.data)
        else {
          setError(messageFor(result.error))
          refreshIfSessionChanged(result.error)
        }
      })
      .catch(() => setError(unreachableMessage()))
  }, [])

  function showCodes(recoveryCodes: string[]): void {
    setOpen(null)
    setNotice(null)
    setCodes(recoveryCodes)
    setStatus({ enabled: true, recoveryCodesLeft: recoveryCodes.length })
  }

  function codesSaved(): void {
    setCodes(null)
    setNotice('Done. From now on you will be asked for a code from your app each time you log in.')
    // The forced set-up is over: main now lets this administrator do the rest.
    if (forced)
      useSession
        .getState()
        .refresh()
        .catch(() => undefined)
  }

  return (
    <Screen title="Two-factor authentication">
      {forced && (
        <p className="lead">
          Administrators on this workstation must use two-factor authentication. Set it up to continue.
        </p>
      )}
      <div role="status" className="alert alert-notice status-line">
        {notice}
      </div>
      {error && (
        <div role="alert" className="alert alert-error">
          {error}
        </div>
      )}
      {codes ? (
        <RecoveryCodesPanel codes={codes} onDone={codesSaved} />
      ) : status && !status.enabled ? (
        <SetupPanel autoStart={forced} onEnabled={showCodes} />
      ) : status ? (
        <>
          <p className="section-help">
            {`Two-factor authentication is on. You have ${status.recoveryCodesLeft} unused recovery code${status.recoveryCodesLeft === 1 ? '' : 's'}.`}
          </p>
          {open === 'turn-off' ? (
            <PasswordConfirmForm
              submitLabel="Turn off two-factor authentication"
              pendingLabel="Turning off…"
              submit={(password) => window.api.twoFactorDisable({ password })}
              onSuccess={(next) => {
                setOpen(null)
                setStatus(next)
                setNotice('Two-factor authentication is off. Your password alone logs you in now.')
              }}
              onCancel={() => setOpen(null)}
            />
          ) : open === 'new-codes' ? (
            <PasswordConfirmForm
              submitLabel="Generate new recovery codes"
              pendingLabel="Generating…"
              submit={(password) => window.api.twoFactorNewRecoveryCodes({ password })}
              onSuccess={(data) => showCodes(data.recoveryCodes)}
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
      ) : null}
      {forced && (
        <p className="aside">
          Not now? <LogOutButton />
        </p>
      )}
    </Screen>
  )
}
