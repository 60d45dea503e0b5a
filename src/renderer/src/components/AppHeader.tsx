import { LogOutButton } from '../features/auth/components/LogOutButton'
import { lockThisWindow } from '../features/auth/session-actions'
import { DASHBOARD, hrefFor } from '../lib/routes'
import { useRouter } from '../store/router'
import { useSession } from '../store/session'
import { APP_NAME } from '@shared/product'

/** The bar across the top: the app's name, the way home, and who is signed in to this window. */
export function AppHeader() {
  // While main does not answer, the header does not claim anyone is still signed in.
  const session = useSession((state) => (state.unreachable ? null : state.session))
  const onDashboard = useRouter((state) => state.route.name === DASHBOARD.name)
  const user = session?.user ?? null
  // First run and a forced password change replace every screen: nowhere to go until done.
  const canLeave =
    session !== null &&
    !session.firstRun &&
    !session.secondFactorPending &&
    !user?.mustChangePassword &&
    !session.twoFactorSetupRequired
  return (
    <header className="app-header">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        {APP_NAME}
      </span>
      {canLeave && (
        <nav className="app-nav" aria-label="App">
          <a href={hrefFor(DASHBOARD)} className="nav-link" aria-current={onDashboard ? 'page' : undefined}>
            Dashboard
          </a>
        </nav>
      )}
      {user && (
        <span className="who">
          <span className="avatar" aria-hidden="true">
            {[...user.username][0]?.toUpperCase()}
          </span>
          <span className="who-name" title={user.username}>
            Signed in as <strong>{user.username}</strong>
          </span>
          {user.isAdmin && <span className="badge">Administrator</span>}
          {/* On every screen, so the next person never has to log the first one out from the Dashboard. */}
          <span className="session-controls">
            <button
              type="button"
              className="button button-secondary"
              aria-keyshortcuts="Control+L Meta+L"
              onClick={() => void lockThisWindow()}
            >
              Lock
            </button>
            <LogOutButton />
          </span>
        </span>
      )}
    </header>
  )
}
