import type { ChannelInput } from '@shared/contract'
import { LoadingOrError } from '../components/LoadingOrError'
import { RouteLink } from '../components/RouteLink'
import { Screen } from '../components/Screen'
import { AccountPanel } from '../features/admin/components/AccountPanel'
import { useServerQuery } from '../hooks/use-server-query'
import { route, type Route } from '../lib/routes'
import { api } from '@/lib/api'

const getAccount = (query: ChannelInput<'adminGetAccount'>) => api.adminGetAccount(query)

/** One account (`#/account?id=12`), titled with its username once main has answered. */
export function AccountScreen({ route: current }: { route: Route }) {
  const id = Number(current.params.id)
  if (!Number.isSafeInteger(id) || id <= 0) return <AccountMissing />
  return <LoadedAccount key={id} id={id} />
}

function LoadedAccount({ id }: { id: number }) {
  const account = useServerQuery(getAccount, { id })
  if (account.data) {
    return (
      <Screen title={account.data.username} focusHeading width="medium">
        <AccountPanel account={account.data} onChange={account.replace} />
      </Screen>
    )
  }
  if (account.error?.code === 'not_found') return <AccountMissing />
  return (
    <Screen title="Account" focusHeading>
      <LoadingOrError error={account.error} onRetry={account.reload} />
      <BackToAccounts />
    </Screen>
  )
}

function AccountMissing() {
  return (
    <Screen title="Account not found" focusHeading>
      <p className="lead">That account does not exist, or it was deleted.</p>
      <BackToAccounts />
    </Screen>
  )
}

const BackToAccounts = () => (
  <p className="aside">
    <RouteLink to={route('accounts')}>Back to Accounts</RouteLink>
  </p>
)
