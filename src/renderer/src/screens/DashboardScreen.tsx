import { LastSignedIn } from '../features/auth/components/LastSignedIn'
import { SessionEndNotice } from '../features/auth/components/SessionEndNotice'
import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { route } from '../lib/routes'
import { useSession } from '../store/session'

export function DashboardScreen() {
  const user = useSession((state) => state.session?.user ?? null)
  return (
    // Keyed by who is signed in: after Log in or Log out, focus starts again at the heading.
    <Screen key={user?.id ?? 'guest'} title="Dashboard" focusHeading>
      <SessionEndNotice />
      <p className="greeting">{`Hello, ${user ? user.username : 'Guest'}!`}</p>
      {user ? (
        <>
          <p className="lead">You are signed in on this workstation. Remember to sign out before you walk away.</p>
          <nav className="menu" aria-label="Your account">
            <RouteLink to={route('change-password')} asButton="row">
              Change password
            </RouteLink>
            <RouteLink to={route('two-factor')} asButton="row">
              Two-factor authentication
            </RouteLink>
            {user.isAdmin && (
              <RouteLink to={route('accounts')} asButton="row">
                Manage accounts
              </RouteLink>
            )}
            {user.isAdmin && (
              <RouteLink to={route('settings')} asButton="row">
                Settings
              </RouteLink>
            )}
          </nav>
          <LastSignedIn />
        </>
      ) : (
        <>
          <p className="lead">Welcome. Use your account on this workstation, or create a new one.</p>
          <nav className="actions" aria-label="Get started">
            <RouteLink to={route('log-in')} asButton="primary">
              Log in
            </RouteLink>
            <RouteLink to={route('sign-up')} asButton="secondary">
              Sign up
            </RouteLink>
          </nav>
        </>
      )}
    </Screen>
  )
}
