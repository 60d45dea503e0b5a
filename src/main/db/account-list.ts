import type { AccountDetail, AccountPage, AccountRow } from '../../shared/admin-views'
import type { ParsedInput } from '../../shared/contract'
import type { Db } from './database'

type AccountSortKey = ParsedInput<'adminListAccounts'>['sort']

export interface AccountListQuery {
  /** Already case-folded the way the username key is; '' = every account. */
  usernameNeedle: string
  /** Already case-folded the way the email key is. */
  emailNeedle: string
  sort: AccountSortKey
  direction: 'asc' | 'desc'
  offset: number
  limit: number
}

/**
 * Each sort walks one covering index of migration 4 (named, because left alone SQLite prefers
 * the smaller unique index and then reads a table row for every account it tests) and ends in
 * the unique username key, so pages never overlap. The search is tested on the index entries;
 * table rows are read only for the page. Keys are the case-folded forms, so "alice" and "Bob"
 * sort as people expect.
 */
const sorts: Record<AccountSortKey, { index: string; columns: readonly string[] }> = {
  username: { index: 'users_by_name', columns: ['u.username_key'] },
  email: { index: 'users_by_email', columns: ['u.email_key'] },
  isAdmin: { index: 'users_by_admin', columns: ['u.is_admin', 'u.username_key'] },
  isActive: { index: 'users_by_active', columns: ['u.is_active', 'u.username_key'] },
  lastLoginAt: { index: 'users_by_last_login', columns: ['u.last_login_at', 'u.username_key'] },
  joinedAt: { index: 'users_by_joined', columns: ['u.created_at', 'u.username_key'] }
}

// A subquery, not a join, so it runs only for the rows of the page and not for those OFFSET
// skips. Only a lock still running counts; an expired row stays until the next login attempt.
const rowColumns = `u.id, u.username, u.email, u.is_admin AS isAdmin, u.is_active AS isActive,
  (SELECT t.locked_until FROM login_throttle t WHERE t.username_key = u.username_key AND t.locked_until > @now)
    AS lockedUntil,
  u.last_login_at AS lastLoginAt, u.created_at AS joinedAt`

interface RowData {
  id: number
  username: string
  email: string
  isAdmin: number
  isActive: number
  lockedUntil: number | null
  lastLoginAt: number | null
  joinedAt: number
}

const toRow = (row: RowData): AccountRow => ({
  id: row.id,
  username: row.username,
  email: row.email,
  isAdmin: row.isAdmin === 1,
  isActive: row.isActive === 1,
  isLocked: row.lockedUntil !== null,
  lastLoginAt: row.lastLoginAt,
  joinedAt: row.joinedAt
})

/** The console's read side: pages of accounts and one account's details, never a hash. */
export class AccountList {
  constructor(private readonly db: Db) {}

  page(query: AccountListQuery, now: number): AccountPage {
    const filter = query.usernameNeedle || query.emailNeedle
    // instr() on the folded keys: a plain substring test, Unicode case-insensitive, no LIKE escapes.
    const where = filter ? 'WHERE instr(u.username_key, @name) > 0 OR instr(u.email_key, @email) > 0' : ''
    const params = { name: query.usernameNeedle, email: query.emailNeedle }
    const direction = query.direction === 'desc' ? 'DESC' : 'ASC'
    const sort = sorts[query.sort]
    const orderBy = sort.columns.map((column) => `${column} ${direction}`).join(', ')
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM users u ${where}`).get(filter ? params : {}) as { n: number }
    ).n
    const rows = this.db
      .prepare(
        `SELECT ${rowColumns} FROM users u INDEXED BY ${sort.index} ${where}
         ORDER BY ${orderBy} LIMIT @limit OFFSET @offset`
      )
      .all({ ...(filter ? params : {}), now, limit: query.limit, offset: query.offset }) as RowData[]
    return { total, rows: rows.map(toRow) }
  }

  detail(id: number, now: number): AccountDetail | null {
    const row = this.db
      .prepare(
        `SELECT ${rowColumns}, u.must_change_password AS mustChangePassword, u.directory_dn AS directoryDn
         FROM users u WHERE u.id = @id`
      )
      .get({ id, now }) as (RowData & { mustChangePassword: number; directoryDn: string | null }) | undefined
    if (!row) return null
    return {
      ...toRow(row),
      mustChangePassword: row.mustChangePassword === 1,
      lockedUntil: row.lockedUntil,
      directoryManaged: row.directoryDn !== null
    }
  }
}
