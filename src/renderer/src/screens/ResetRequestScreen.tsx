import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { route } from '../lib/routes'

/**
 * PLACEHOLDER, to be replaced by the password-reset pass (Email address, `Send reset code`).
 * It exists only so `Forgot your password?` leads somewhere meanwhile.
 */
export function ResetRequestScreen() {
  return (
    <Screen title="Reset password" focusHeading>
      <p className="lead">Resetting a password by email is not available yet. Ask an administrator for help.</p>
      <p className="aside">
        <RouteLink to={route('log-in')}>Back to Log in</RouteLink>
      </p>
    </Screen>
  )
}
