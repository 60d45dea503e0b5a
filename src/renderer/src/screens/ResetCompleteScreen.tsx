import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { route } from '../lib/routes'

/** After a reset nobody is signed in: the person logs in with the new password, as in Django. */
export function ResetCompleteScreen() {
  return (
    <Screen title="Password reset complete" focusHeading>
      <p className="lead">
        Your password has been set, and every session of your account was signed out. You may go ahead and log in now.
      </p>
      <nav className="actions" aria-label="Next">
        <RouteLink to={route('log-in')} asButton="primary">
          Log in
        </RouteLink>
      </nav>
    </Screen>
  )
}
