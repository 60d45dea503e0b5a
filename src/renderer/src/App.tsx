import { useEffect } from 'react'
import { AppHeader } from './components/AppHeader'
import { Redirect } from './components/Redirect'
import { Screen } from './components/Screen'
import { useSessionWatch } from './features/auth/use-session-watch'
import './features/auth/workstation.css'
import { ConfirmItsYouDialog } from './components/ConfirmItsYouDialog'
import { UnsavedChangesDialog } from './components/UnsavedChangesDialog'
import { IdleWarning } from './features/auth/components/IdleWarning'
import { switchUser } from './features/auth/session-actions'
import { LockScreen } from './screens/LockScreen'
import { redirectFor } from './lib/access'
import { unreachableMessage } from './lib/messages'
import { ForcedChangePasswordScreen } from './screens/ChangePasswordScreen'
import { FirstRunScreen } from './screens/FirstRunScreen'
import { SecondFactorScreen } from './screens/SecondFactorScreen'
import { ForcedTwoFactorSetupScreen } from './screens/TwoFactorScreen'
import { screens, type ScreenEntry } from './screens/registry'
import { useRouter } from './store/router'
import { useSession } from './store/session'

export function App() {
  const signedIn = useSession((state) => Boolean(state.session?.user))
  useSessionWatch(signedIn)
  return (
    <div className="app">
      <AppHeader />
      <CurrentScreen />
      <IdleWarning />
      <ConfirmItsYouDialog />
      <UnsavedChangesDialog />
    </div>
  )
}

/**
 * Which screen the window shows: First run before anything else, then a forced password change,
 * then the route, if its access rule lets this user see it.
 */
function CurrentScreen() {
  const session = useSession((state) => state.session)
  const route = useRouter((state) => state.route)
  const unreachable = useSession((state) => state.unreachable)

  useEffect(() => {
    if (session || unreachable) return
    useSession
      .getState()
      .refresh()
      .catch(() => undefined)
  }, [session, unreachable])

  // Main did not answer: nothing it said before is shown as if it still held.
  if (unreachable) return <Unreachable />
  if (!session) return null
  if (session.firstRun) return <FirstRunScreen />
  // Before anything else of theirs: a locked window shows the Lock screen and nothing more.
  if (session.locked) return <LockScreen locked={session.locked} onSwitchUser={() => void switchUser()} />
  if (session.secondFactorPending) return <SecondFactorScreen />
  if (session.user?.mustChangePassword) return <ForcedChangePasswordScreen />
  if (session.twoFactorSetupRequired) return <ForcedTwoFactorSetupScreen />

  const entry: ScreenEntry = screens[route.name]
  const redirect = redirectFor(route, entry.access, session.user)
  if (redirect) return <Redirect to={redirect} />
  const Component = entry.component
  return <Component route={route} />
}

function Unreachable() {
  const retry = (): void => {
    useSession
      .getState()
      .refresh()
      .catch(() => undefined)
  }
  return (
    <Screen title="Not responding" focusHeading>
      <div role="alert" className="alert alert-error">
        {unreachableMessage()}
      </div>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={retry}>
          Try again
        </button>
      </div>
    </Screen>
  )
}
