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
          useArrivalNoticeStore.getState().leave(`Account ${account.username} created.`)
          replace(accountRoute(account.id))
        }}
      />
      <p className="aside">
        <RouteLink to={route('accounts')}>Back to Accounts</RouteLink>
      </p>
    </Screen>
  )
}
