import { useState } from 'react'
import type { LockedSessionView } from '@shared/views'
import { LogInForm } from '../features/auth/components/LogInForm'
import { LockedSessionsList } from '../features/auth/components/LockedSessionsList'
import { SessionEndNotice } from '../features/auth/components/SessionEndNotice'
import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { afterLogIn, route, type Route } from '../lib/routes'
import { useRouter } from '../store/router'
import { useSession } from '../store/session'
import { LockScreen } from './LockScreen'

/**
 * Signs this window in, then returns to the screen that asked for it (`next`). Locked sessions
 * on this workstation are listed above the form; each opens its owner's Lock screen.
 */
export function LogInScreen({ route: current }: { route: Route }) {
  const apply = useSession((state) => state.apply)
  const replace = useRouter((state) => state.replace)
  const endNotice = useSession((state) => (state.session?.user ? null : state.endNotice))
  const [unlocking, setUnlocking] = useState<LockedSessionView | null>(null)
  if (unlocking) return <LockScreen locked={unlocking} onSwitchUser={() => setUnlocking(null)} />
  // Signed out by main (idle, …): the screen the last person was on is theirs, not the next person's.
  const target = endNotice ? route('log-in') : current
  return (
    <Screen title="Log in">
      <SessionEndNotice />
      {!endNotice && current.params.next && <p className="lead">You need to be signed in for that.</p>}
      <LockedSessionsList onUnlock={setUnlocking} />
      <LogInForm
        onSuccess={(session) => {
          // With a second factor due, this screen stays (and keeps `next`) until it is given.
          if (!session.secondFactorPending) replace(afterLogIn(target))
          apply(session)
        }}
      />
      <p className="aside aside-split">
        <RouteLink to={route('reset-request')}>Forgot your password?</RouteLink>
        <span>
          No account yet? <RouteLink to={route('sign-up')}>Sign up</RouteLink>
        </span>
      </p>
    </Screen>
  )
}
