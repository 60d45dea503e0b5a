import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { DASHBOARD } from '../lib/routes'

/**
 * PLACEHOLDER, to be replaced by the admin pass (Search, the account list, editing).
 * It exists only so `Manage accounts` leads somewhere meanwhile.
 */
export function AccountsScreen() {
  return (
    <Screen title="Accounts" focusHeading>
      <p className="lead">Managing accounts is not available yet.</p>
      <p className="aside">
        <RouteLink to={DASHBOARD}>Back to the Dashboard</RouteLink>
      </p>
    </Screen>
  )
}
