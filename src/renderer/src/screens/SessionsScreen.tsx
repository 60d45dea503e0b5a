import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { WorkstationSessions } from '../features/admin/components/WorkstationSessions'
import { route } from '../lib/routes'

/** Every session on this workstation, for administrators: who, Active or Locked, and End session. */
export function SessionsScreen() {
  return (
    <Screen title="Sessions" focusHeading>
      <WorkstationSessions />
      <p className="aside">
        <RouteLink to={route('accounts')}>Back to Accounts</RouteLink>
      </p>
    </Screen>
  )
}
