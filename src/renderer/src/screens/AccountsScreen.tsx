import { Screen } from '../components/Screen'
import { AccountsConsole } from '../features/admin/components/AccountsConsole'

/** The Accounts console: `Manage accounts` on the Dashboard, administrators only. */
export function AccountsScreen() {
  return (
    <Screen title="Accounts" width="wide">
      <AccountsConsole />
    </Screen>
  )
}
