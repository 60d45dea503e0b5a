import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { DASHBOARD } from '../lib/routes'

export function PasswordChangedScreen() {
  return (
    <Screen title="Password changed" focusHeading>
      <p className="lead">Your password was changed. Any other window signed in to your account was signed out.</p>
      <nav className="actions" aria-label="Next">
        <RouteLink to={DASHBOARD} asButton="primary">
          Back to the Dashboard
        </RouteLink>
      </nav>
    </Screen>
  )
}
