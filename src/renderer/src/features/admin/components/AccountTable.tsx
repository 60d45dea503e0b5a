import type { AccountRow } from '@shared/admin-views'
import { RouteLink } from '@/components/RouteLink'
import { useRouter } from '@/store/router'
import { accountRoute } from '../account-route'
import type { AccountSortKey, SortDirection } from '../console-store'
import { formatDate, formatDateTime } from '@/lib/format'
import { TableScroll } from '@/components/TableScroll'
import { Flag } from './Flag'
import { SortHeader } from './SortHeader'

interface AccountTableProps {
  rows: AccountRow[]
  sort: AccountSortKey
  direction: SortDirection
  onSort: (key: AccountSortKey) => void
  loading: boolean
  /** Shown in place of rows when there are none. */
  emptyText: string
}

const sortableColumns: { key: AccountSortKey; label: string }[] = [
  { key: 'username', label: 'Username' },
  { key: 'email', label: 'Email' },
  { key: 'isAdmin', label: 'Admin' },
  { key: 'isActive', label: 'Active' }
]

const dateColumns: { key: AccountSortKey; label: string }[] = [
  { key: 'lastLoginAt', label: 'Last login' },
  { key: 'joinedAt', label: 'Joined' }
]

/** One page of accounts. A row opens its account; the username is the link keyboards reach. */
export function AccountTable({ rows, sort, direction, onSort, loading, emptyText }: AccountTableProps) {
  const navigate = useRouter((state) => state.navigate)
  const header = ({ key, label }: { key: AccountSortKey; label: string }) => (
    <SortHeader key={key} label={label} direction={sort === key ? direction : null} onSort={() => onSort(key)} />
  )
  return (
    <TableScroll label="Accounts list">
      <table className={loading ? 'data-table data-table-loading' : 'data-table'} aria-busy={loading || undefined}>
        <thead>
          <tr>
            {sortableColumns.map(header)}
            <th scope="col">Locked</th>
            <th scope="col">2FA</th>
            <th scope="col">Expires</th>
            {dateColumns.map(header)}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={9} className="table-empty">
                {emptyText}
              </td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={row.id} className="row-link" onClick={() => navigate(accountRoute(row.id))}>
              <th scope="row">
                <RouteLink to={accountRoute(row.id)}>{row.username}</RouteLink>
              </th>
              <td>{row.email}</td>
              <td>{row.isAdmin ? <Flag text="Yes" tone="accent" /> : <Flag text="No" tone="muted" />}</td>
              <td>{row.isActive ? <Flag text="Yes" tone="plain" /> : <Flag text="No" tone="warn" />}</td>
              <td>{row.isLocked ? <Flag text="Yes" tone="warn" /> : <Flag text="No" tone="muted" />}</td>
              <td>{row.twoFactor ? <Flag text="On" tone="plain" /> : <Flag text="Off" tone="muted" />}</td>
              <td className="nowrap">
                {row.expiresOn === null ? (
                  <span className="muted">Never</span>
                ) : row.isExpired ? (
                  <Flag text={`Expired ${row.expiresOn}`} tone="warn" />
                ) : (
                  row.expiresOn
                )}
              </td>
              <td className="nowrap">{row.lastLoginAt === null ? 'Never' : formatDateTime(row.lastLoginAt)}</td>
              <td className="nowrap">{formatDate(row.joinedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
