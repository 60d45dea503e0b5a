import type { AccountDetail } from '@shared/admin-views'

/** What every section of an account's page gets from the page; each tells its own outcome beside its controls. */
export interface AccountSectionProps {
  account: AccountDetail
  /** The account is the administrator at this window. */
  isSelf: boolean
  /** Main answered with the account as it is now. */
  onChanged: (next: AccountDetail) => void
}
