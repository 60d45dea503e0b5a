import type { AccountRow } from '@shared/admin-views'
import { RouteLink } from '@/components/RouteLink'
import { useRouter } from '@/store/router'
import { accountRoute } from '../account-route'
import type { AccountSortKey, SortDirection } from '../console-store'
import { formatDate, formatDateTime } from '@/lib/format'
import { TableScroll } from '@/components/TableScroll'
import { Flag } from './Flag'
import { SortHeader } from './SortHeader'
import { displayEmail } from '@/lib/idn'

interface AccountTableProps {
  rows: AccountRow[]
  sort: AccountSortKey
  direction: SortDirection
  onSort: (key: AccountSortKey) => void
  loading: boolean
  /** Shown in place of rows when there are none. */
  emptyText: string
}

interface Column {
  key: AccountSortKey
  label: string
  /** Gives way (hidden) when the window is narrow: the rest stay readable. */
  optional?: boolean
}

const columns: Column[] = [
  { key: 'username', label: 'Username' },
  { key: 'email', label: 'Email' },
  { key: 'isAdmin', label: 'Admin' },
  { key: 'isActive', label: 'Active' },
  { key: 'isLocked', label: 'Locked' },
  { key: 'twoFactor', label: '2FA', optional: true },
  { key: 'lastLoginAt', label: 'Last login', optional: true },
  { key: 'joinedAt', label: 'Joined', optional: true }
]

const optional = (key: AccountSortKey): string | undefined =>
  columns.find((column) => column.key === key)?.optional ? 'column-optional' : undefined

/** One page of accounts. A row opens its account; the username is the link keyboards reach. */
export function AccountTable({ rows, sort, direction, onSort, loading, emptyText }: AccountTableProps) {
  const navigate = useRouter((state) => state.navigate)
  const header = ({ key, label }: Column) => (
    <SortHeader
      key={key}
      label={label}
      direction={sort === key ? direction : null}
      onSort={() => onSort(key)}
      className={optional(key)}
    />
  )
  return (
    <TableScroll label="Accounts list">
      <table
        className={loading ? 'data-table accounts-table data-table-loading' : 'data-table accounts-table'}
        aria-busy={loading || undefined}
      >
        <thead>
          <tr>
            {columns.slice(0, 6).map(header)}
            <th scope="col" className="column-optional">
              Expires
            </th>
            {columns.slice(6).map(header)}
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
              <th scope="row" className="cell-clip">
                {/* Cut with an ellipsis when long; the whole name on hover. */}
                <RouteLink to={accountRoute(row.id)} title={row.username}>
                  {row.username}
                </RouteLink>
              </th>
              <td className="cell-clip" title={displayEmail(row.email)}>
                {displayEmail(row.email)}
              </td>
              <td>{row.isAdmin ? <Flag text="Yes" tone="accent" /> : <Flag text="No" tone="muted" />}</td>
              <td>{row.isActive ? <Flag text="Yes" tone="plain" /> : <Flag text="No" tone="warn" />}</td>
              <td>{row.isLocked ? <Flag text="Yes" tone="warn" /> : <Flag text="No" tone="muted" />}</td>
              <td className={optional('twoFactor')}>
                {row.twoFactor ? <Flag text="On" tone="plain" /> : <Flag text="Off" tone="muted" />}
              </td>
              <td className="nowrap column-optional">
                {row.expiresOn === null ? (
                  <span className="muted">Never</span>
                ) : row.isExpired ? (
                  <Flag text={`Expired ${row.expiresOn}`} tone="warn" />
                ) : (
                  row.expiresOn
                )}
              </td>
              <td className={`nowrap ${optional('lastLoginAt')}`}>
                {row.lastLoginAt === null ? 'Never' : formatDateTime(row.lastLoginAt)}
              </td>
              <td className={`nowrap ${optional('joinedAt')}`}>{formatDate(row.joinedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
