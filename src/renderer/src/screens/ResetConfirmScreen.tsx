import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { ResetConfirmForm } from '../features/reset/components/ResetConfirmForm'
import { route, type Route } from '../lib/routes'
import { useRouter } from '../store/router'

/** The same words for every address, known or not: the screen must not tell them apart. */
const SENT_NOTICE =
  'If an account uses that address, we’ve emailed it a reset code. The email says how long the code works.'

/** Takes the emailed code and the new password; on success nobody is signed in (no auto-login). */
export function ResetConfirmScreen({ route: current }: { route: Route }) {
  const replace = useRouter((state) => state.replace)
  return (
    <Screen title="Enter reset code">
      {current.params.sent ? (
        <div role="status" className="alert alert-notice">
          {SENT_NOTICE}
        </div>
      ) : (
        <p className="lead">Enter the reset code from the email, and choose a new password.</p>
      )}
      {/* replace: Back must not lead to a form whose code is now used up. */}
      <ResetConfirmForm onSuccess={() => replace(route('reset-complete'))} />
      <p className="aside aside-split">
        <RouteLink to={route('log-in')}>Back to Log in</RouteLink>
        <span>
          Didn’t get the email? <RouteLink to={route('reset-request')}>Send a new code</RouteLink>
        </span>
      </p>
    </Screen>
  )
}
