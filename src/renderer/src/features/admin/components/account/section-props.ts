import type { AccountDetail } from '@shared/admin-views'

/** What every section of an account's page gets from the page. */
export interface AccountSectionProps {
  account: AccountDetail
  /** Main answered with the account as it is now, after an action that `message` describes. */
  onChanged: (next: AccountDetail, message: string) => void
  /** Says what happened, in the page's status line, when the account itself did not change. */
  onNotice: (message: string) => void
}
