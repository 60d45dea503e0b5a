import type { SessionView } from '@shared/views'
import { ChangePasswordForm, ReplaceTemporaryPasswordForm } from '../features/auth/components/ChangePasswordForm'
import { LogOutButton } from '../features/auth/components/LogOutButton'
import { Screen } from '../components/Screen'
import { messageFor } from '../lib/messages'
import { route } from '../lib/routes'
import { useRouter } from '../store/router'
import { useSession } from '../store/session'

export const ChangePasswordScreen = () => <ChangePassword forced={false} />

/** Shown in place of every screen while main says the password must change. */
export const ForcedChangePasswordScreen = () => <ChangePassword forced />

function ChangePassword({ forced }: { forced: boolean }) {
  const apply = useSession((state) => state.apply)
  const navigate = useRouter((state) => state.navigate)
  const managedByDirectory = useSession((state) => state.session?.user?.passwordManagedByDirectory === true)
  const changed = (session: SessionView): void => {
    navigate(route('password-changed'))
    apply(session)
  }
  if (managedByDirectory) {
    return (
      <Screen title="Change password">
        <p className="lead" role="status">
          {messageFor({ code: 'password_managed_by_directory', message: '' })}
        </p>
      </Screen>
    )
  }
  return (
    <Screen title="Change password">
      {forced && (
        <p className="lead">
          Your password was set by an administrator. It works for this login only: choose a new password of your own to
          continue.
        </p>
      )}
      {forced ? <ReplaceTemporaryPasswordForm onSuccess={changed} /> : <ChangePasswordForm onSuccess={changed} />}
      {forced && (
        <p className="aside">
          Not now? <LogOutButton />
        </p>
      )}
    </Screen>
  )
}
