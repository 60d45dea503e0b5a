import type { AccountDetail } from '../../../../../shared/admin-views'
import { formatDate, formatDateTime } from '../format'

/** What the account is now, as main last reported it. */
export function AccountDetails({ account }: { account: AccountDetail }) {
  return (
    <dl className="details">
      <dt>Email address</dt>
      <dd>{account.email}</dd>
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
      <dd>
        {account.directoryManaged
          ? 'Managed by the organisation’s directory'
          : account.mustChangePassword
            ? 'Temporary: must be changed at the next login'
            : 'Chosen by the user'}
      </dd>
      <dt>Last login</dt>
      <dd>{account.lastLoginAt === null ? 'Never' : formatDateTime(account.lastLoginAt)}</dd>
      <dt>Joined</dt>
      <dd>{formatDate(account.joinedAt)}</dd>
    </dl>
  )
}
