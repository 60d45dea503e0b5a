import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { ResetRequestForm } from '../features/reset/components/ResetRequestForm'
import { route } from '../lib/routes'
import { useRouter } from '../store/router'

/**
 * Asks for a code by email. Whatever the address, the next screen is Enter reset code in this
 * same window: main counts wrong codes per window, against the account this window asked for.
 */
export function ResetRequestScreen() {
  const navigate = useRouter((state) => state.navigate)
  return (
    <Screen title="Reset password">
      <p className="lead">
        Forgotten your password? Enter the email address of your account, and we’ll email you a code to set a new one.
      </p>
      <ResetRequestForm onSuccess={() => navigate(route('reset-confirm', { sent: '1' }))} />
      <p className="aside aside-split">
        <RouteLink to={route('log-in')}>Back to Log in</RouteLink>
        <span>
          Have a code already? <RouteLink to={route('reset-confirm')}>Enter it</RouteLink>
        </span>
      </p>
    </Screen>
  )
}
