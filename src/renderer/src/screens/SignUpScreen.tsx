import { NewAccountForm } from '../features/auth/components/NewAccountForm'
import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { DASHBOARD, route } from '../lib/routes'
import { useRouter } from '../store/router'
import { useSession } from '../store/session'
import { api } from '@/lib/api'

/** Creates an account and signs this window in with it, as Django's tutorial signup view. */
export function SignUpScreen() {
  const apply = useSession((state) => state.apply)
  const navigate = useRouter((state) => state.navigate)
  return (
    <Screen title="Sign up">
      <NewAccountForm
        submit={(input) => api.signUp(input)}
        label="Sign up"
        pendingLabel="Signing up…"
        onSuccess={(session) => {
          apply(session)
          navigate(DASHBOARD)
        }}
      />
      <p className="aside">
        Already have an account? <RouteLink to={route('log-in')}>Log in</RouteLink>
      </p>
    </Screen>
  )
}
