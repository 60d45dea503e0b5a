import { NewAccountForm } from '../features/auth/components/NewAccountForm'
import { Screen } from '../components/Screen'
import { DASHBOARD } from '../lib/routes'
import { useRouter } from '../store/router'
import { useSession } from '../store/session'
import { api } from '@/lib/api'

/** Shown instead of everything else while no account exists. */
export function FirstRunScreen() {
  const apply = useSession((state) => state.apply)
  const replace = useRouter((state) => state.replace)
  return (
    <Screen title="Create administrator">
      <p className="lead">
        No account exists on this workstation yet. Create the administrator, who can then manage everyone else’s
        accounts.
      </p>
      <NewAccountForm
        submit={(input) => api.createFirstAdmin(input)}
        label="Create administrator"
        pendingLabel="Creating administrator…"
        onSuccess={(session) => {
          replace(DASHBOARD)
          apply(session)
        }}
      />
    </Screen>
  )
}
