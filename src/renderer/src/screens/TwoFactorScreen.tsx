import { useState } from 'react'
import type { TwoFactorStatus } from '@shared/views'
import { Screen } from '../components/Screen'
import { LogOutButton } from '../features/auth/components/LogOutButton'
import { TwoFactorOnPanel } from '../features/two-factor/components/TwoFactorOnPanel'
import { RecoveryCodesPanel } from '../features/two-factor/components/RecoveryCodesPanel'
import { SetupPanel } from '../features/two-factor/components/SetupPanel'
import { useServerQuery } from '../hooks/use-server-query'
import { api } from '../lib/api'
import { messageFor } from '../lib/messages'
import { useSession } from '../store/session'

export const TwoFactorScreen = () => <TwoFactor forced={false} />

/** Shown in place of every screen while main says this administrator must set up 2FA first. */
export const ForcedTwoFactorSetupScreen = () => <TwoFactor forced />

const getStatus = () => api.twoFactorStatus({})

function TwoFactor({ forced }: { forced: boolean }) {
  const status = useServerQuery(getStatus, {})
  const [codes, setCodes] = useState<string[] | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  function showCodes(recoveryCodes: string[]): void {
    setNotice(null)
    setCodes(recoveryCodes)
    status.replace({ enabled: true, recoveryCodesLeft: recoveryCodes.length })
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

  function turnedOff(next: TwoFactorStatus): void {
    status.replace(next)
    setNotice('Two-factor authentication is off. Your password alone logs you in now.')
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
      {status.error && (
        <div role="alert" className="alert alert-error">
          {messageFor(status.error)}
        </div>
      )}
      {codes ? (
        <RecoveryCodesPanel codes={codes} onDone={codesSaved} />
      ) : status.data && !status.data.enabled ? (
        <SetupPanel autoStart={forced} onEnabled={showCodes} />
      ) : status.data ? (
        <TwoFactorOnPanel status={status.data} onNewCodes={showCodes} onTurnedOff={turnedOff} />
      ) : null}
      {forced && (
        <p className="aside">
          Not now? <LogOutButton />
        </p>
      )}
    </Screen>
  )
}
