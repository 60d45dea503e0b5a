import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { AuditTrail } from '../features/admin/components/AuditTrail'
import { route, type Route } from '../lib/routes'

/** What happened, newest first (`#/audit-trail?user=alice` opens on one user's events). */
export function AuditTrailScreen({ route: current }: { route: Route }) {
  return (
    <Screen title="Audit trail" focusHeading width="wide">
      <AuditTrail key={current.params.user ?? ''} initialUser={current.params.user ?? ''} />
      <p className="aside">
        <RouteLink to={route('accounts')}>Back to Accounts</RouteLink>
      </p>
    </Screen>
  )
}
