import { useState } from 'react'
import { Screen } from '../components/Screen'
import { SecondFactorForm, type Factor } from '../features/two-factor/components/SecondFactorForm'
import { unreachableMessage } from '../lib/messages'
import { useSession } from '../store/session'

/**
 * The second login step, shown in place of every screen while main holds this window half
 * signed in. Main keeps who it is for; the window only sends the code.
 */
export function SecondFactorScreen() {
  const apply = useSession((state) => state.apply)
  const [factor, setFactor] = useState<Factor>('code')
  const [cancelFailed, setCancelFailed] = useState(false)

  async function cancel(): Promise<void> {
    try {
      const result = await window.api.twoFactorCancelLogIn({})
      if (result.ok) apply(result.data)
    } catch {
      setCancelFailed(true)
    }
  }

  return (
    <Screen title="Two-factor authentication">
      <p className="lead">
        {factor === 'code'
          ? 'Enter the 6-digit code your authenticator app shows for Local Accounts.'
          : 'Enter one of the recovery codes you saved when you set up two-factor authentication. Each works once.'}
      </p>
      <SecondFactorForm key={factor} factor={factor} onSuccess={apply} />
      <p className="aside aside-split">
        <button
          type="button"
          className="link link-button"
          onClick={() => setFactor(factor === 'code' ? 'recovery' : 'code')}
        >
          {factor === 'code' ? 'Use a recovery code' : 'Use your authenticator app'}
        </button>
        <button type="button" className="link link-button" onClick={() => void cancel()}>
          Back to Log in
        </button>
      </p>
      {cancelFailed && (
        <div role="alert" className="alert alert-error">
          {unreachableMessage()}
        </div>
      )}
    </Screen>
  )
}
