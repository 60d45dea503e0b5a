import type { AccountDetail } from '@shared/admin-views'
import { formatDate, formatDateTime } from '@/lib/format'
import { DetailList } from '@/components/DetailList'
import { displayEmail } from '@/lib/idn'
import { APP_NAME } from '@shared/product'

/** What the account is now, as main last reported it. */
export function AccountDetails({ account }: { account: AccountDetail }) {
  return (
    <DetailList>
      <dt>Email address</dt>
      <dd>{displayEmail(account.email)}</dd>
      <dt>Role</dt>
      <dd>{account.isAdmin ? 'Administrator' : 'User'}</dd>
      <dt>Status</dt>
      <dd>{account.isActive ? 'Active' : 'Deactivated: cannot log in'}</dd>
      <dt>Locked</dt>
      <dd>
        {account.lockedUntil === null
          ? 'No'
          : `Locked until ${formatDateTime(account.lockedUntil)} after too many failed logins`}
      </dd>
      <dt>Password</dt>
      <dd>{passwordState(account)}</dd>
      <dt>Two-factor authentication</dt>
      <dd>{account.twoFactor ? 'On' : 'Off'}</dd>
      <dt>Last login</dt>
      <dd>{account.lastLoginAt === null ? 'Never' : formatDateTime(account.lastLoginAt)}</dd>
      <dt>Joined</dt>
      <dd>{formatDate(account.joinedAt)}</dd>
      <dt>Origin</dt>
      <dd>{account.source === 'django' ? 'Imported from Django' : `Created in ${APP_NAME}`}</dd>
    </DetailList>
  )
}

function passwordState(account: AccountDetail): string {
  if (account.directoryManaged) return 'Managed by the organisation’s directory'
  if (!account.hasPassword) return 'None: can get in only by a password reset or a temporary password'
  if (account.mustChangePassword && account.temporaryPasswordUsed) {
    return 'Temporary, already used without being changed: set a new temporary password to let them in'
  }
  if (account.mustChangePassword) return 'Temporary: must be changed at the next login'
  if (account.legacyPasswordAlgorithm !== null) {
    return `Still Django’s hash (${account.legacyPasswordAlgorithm}): replaced by this app’s own at the next login`
  }
  return 'Chosen by the user'
}
