import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { accountRoute } from '../features/admin/account-route'
import { CreateAccountForm } from '../features/admin/components/CreateAccountForm'
import { useArrivalNoticeStore } from '../features/admin/arrival-notice'
import { route } from '../lib/routes'
import { useRouter } from '../store/router'

/** An administrator creates an account for someone else; it opens on the new account's page. */
export function CreateAccountScreen() {
  const replace = useRouter((state) => state.replace)
  return (
    <Screen title="Create account">
      <CreateAccountForm
        onCreated={(account) => {
          const name = account.username
          const handover = account.mustChangePassword ? ` ${name} must choose a new password at the first login.` : ''
          useArrivalNoticeStore.getState().leave(`Account ${name} created.${handover}`)
          replace(accountRoute(account.id))
        }}
      />
      <p className="aside">
        <RouteLink to={route('accounts')}>Back to Accounts</RouteLink>
      </p>
    </Screen>
  )
}
