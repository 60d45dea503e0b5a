import { LogInForm } from '../features/auth/components/LogInForm'
import { SessionEndNotice } from '../features/auth/components/SessionEndNotice'
import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { afterLogIn, route, type Route } from '../lib/routes'
import { useRouter } from '../store/router'
import { useSession } from '../store/session'

/** Signs this window in, then returns to the screen that asked for it (`next`). */
export function LogInScreen({ route: current }: { route: Route }) {
  const apply = useSession((state) => state.apply)
  const replace = useRouter((state) => state.replace)
  return (
    <Screen title="Log in">
      <SessionEndNotice />
      {current.params.next && <p className="lead">You need to be signed in for that.</p>}
      <LogInForm
        onSuccess={(session) => {
          // With a second factor due, this screen stays (and keeps `next`) until it is given.
          if (!session.secondFactorPending) replace(afterLogIn(current))
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
