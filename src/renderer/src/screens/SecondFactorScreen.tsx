import { useState } from 'react'
import { Screen } from '../components/Screen'
import { SecondFactorForm, type Factor } from '../features/two-factor/components/SecondFactorForm'
import { useApiAction } from '../hooks/use-api-action'
import { useSession } from '../store/session'
import { api } from '@/lib/api'
import { APP_NAME } from '@shared/product'

/**
 * The second login step, shown in place of every screen while main holds this window half
 * signed in. Main keeps who it is for; the window only sends the code.
 */
export function SecondFactorScreen() {
  const apply = useSession((state) => state.apply)
  const [factor, setFactor] = useState<Factor>('code')
  const cancel = useApiAction({ call: () => api.twoFactorCancelLogIn({}), onSuccess: apply })

  return (
    <Screen title="Two-factor authentication">
      <p className="lead">
        {factor === 'code'
          ? `Enter the 6-digit code your authenticator app shows for ${APP_NAME}.`
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
        <button type="button" className="link link-button" disabled={cancel.pending} onClick={() => cancel.run()}>
          Back to Log in
        </button>
      </p>
      {cancel.error && (
        <div role="alert" className="alert alert-error">
          {cancel.error}
        </div>
      )}
    </Screen>
  )
}
