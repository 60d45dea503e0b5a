import type { AccountDetail, AccountPage, AccountRow } from '../../shared/admin-views'
import { type AccountListQuery, orderBy, Search, sorts } from './account-search'
import { SEARCH_COSTS, SearchWays, type SearchCosts } from './account-search-ways'
import { type Db, readTransaction } from './database'
import { preparedOnce, type Prepare } from './statements'

export type { AccountListQuery, AccountShow } from './account-search'
export { ACCOUNT_TOTAL_CAP, SEARCH_COSTS, type SearchCosts } from './account-search-ways'

// A subquery, not a join, so it runs only for the rows of the page and not for those OFFSET
// skips. Only a lock still running counts; an expired row stays until the next login attempt.
const rowColumns = `u.id, u.username, u.email, u.is_admin AS isAdmin, u.is_active AS isActive,
  (SELECT t.locked_until FROM login_throttle t WHERE t.username_key = u.username_key AND t.locked_until > @now)
    AS lockedUntil,
  u.last_login_at AS lastLoginAt, u.created_at AS joinedAt,
  u.two_factor_on AS twoFactor,
  u.expires_on AS expiresOn, (u.expires_on IS NOT NULL AND u.expires_on <= date(@now / 1000, 'unixepoch', 'localtime')) AS isExpired`

interface RowData {
  id: number
  username: string
  email: string
  isAdmin: number
  isActive: number
  lockedUntil: number | null
  lastLoginAt: number | null
  joinedAt: number
  twoFactor: number
  expiresOn: string | null
  isExpired: number
}

// Only the algorithm's name leaves SQL, never the hash. This app's own hashes are PHC strings
// (`$argon2id$…`); the ones the Django import kept start with Django's algorithm name.
const originColumns = `u.source AS source, u.password_hash IS NOT NULL AS hasPassword,
  CASE WHEN u.password_hash IS NULL OR u.password_hash LIKE '$%' THEN NULL
    ELSE substr(u.password_hash, 1, instr(u.password_hash, '$') - 1) END AS legacyPasswordAlgorithm`

interface OriginData {
  source: 'local' | 'django'
  hasPassword: number
  legacyPasswordAlgorithm: string | null
}

const toRow = (row: RowData): AccountRow => ({
  id: row.id,
  username: row.username,
  email: row.email,
  isAdmin: row.isAdmin === 1,
  isActive: row.isActive === 1,
  isLocked: row.lockedUntil !== null,
  lastLoginAt: row.lastLoginAt,
  joinedAt: row.joinedAt,
  twoFactor: row.twoFactor === 1,
  expiresOn: row.expiresOn,
  isExpired: row.isExpired === 1
})

/**
 * The console's read side: pages of accounts and one account's details, never a hash.
 *
 * A search is a list of folded words, each a substring of the folded name or email, narrowed
 * by the `Show` filter: account-search-ways.ts finds its page. Without a search or filter, the
 * sort's index is read from whichever end is nearer the page.
 */
export class AccountList {
  private readonly prepare: Prepare
  private readonly ways: SearchWays

  /** `costs`: how it weighs its ways to a page (tests force each way with extreme costs). */
  constructor(
    private readonly db: Db,
    costs: SearchCosts = SEARCH_COSTS
  ) {
    this.prepare = preparedOnce(db)
    this.ways = new SearchWays(db, costs)
  }

  page(query: AccountListQuery, now: number): AccountPage {
    // One read transaction: the count and the rows come from the same snapshot.
    return readTransaction(this.db, () => {
      const locked = query.sort === 'isLocked' || query.show === 'locked' ? this.lockedIds(now) : []
      const search = new Search(query, locked)
      if (search.filters) {
        const { ids, total, totalIsLowerBound } = this.ways.find(search, this.accountCount())
        return { total, totalIsLowerBound, rows: this.byIds(search, ids, now) }
      }
      return query.sort === 'isLocked' ? this.lockedOrder(search, now) : this.everyone(search, now)
    })
  }

  detail(id: number, now: number): AccountDetail | null {
    const row = this.prepare(
      `SELECT ${rowColumns}, u.must_change_password AS mustChangePassword,
         (u.must_change_password = 1 AND u.temporary_login_at IS NOT NULL) AS temporaryPasswordUsed,
         ${originColumns}, u.directory_dn AS directoryDn
       FROM users u WHERE u.id = @id`
    ).get({ id, now }) as
      | (RowData & { mustChangePassword: number; temporaryPasswordUsed: number } & OriginData & {
            directoryDn: string | null
          })
      | undefined
    if (!row) return null
    return {
      ...toRow(row),
      mustChangePassword: row.mustChangePassword === 1,
      temporaryPasswordUsed: row.temporaryPasswordUsed === 1,
      lockedUntil: row.lockedUntil,
      source: row.source,
      hasPassword: row.hasPassword === 1,
      legacyPasswordAlgorithm: row.legacyPasswordAlgorithm,
      directoryManaged: row.directoryDn !== null
    }
  }

  /** Accounts whose name is locked now, by name: few, since a lock runs out by itself. */
  private lockedIds(now: number): number[] {
    return this.prepare(
      `SELECT u.id FROM login_throttle t JOIN users u ON u.username_key = t.username_key
       WHERE t.locked_until > @now ORDER BY u.name_fold, u.username_key`
    )
      .pluck()
      .all({ now }) as number[]
  }

  /** The total is kept by triggers; a page past the middle is read from the other end. */
  private everyone(search: Search, now: number): AccountPage {
    const total = this.accountCount()
    const { query } = search
    const { offset, limit } = query
    if (offset <= total / 2) {
      return { total, totalIsLowerBound: false, rows: this.byIds(search, this.unfiltered(query, limit, offset), now) }
    }
    const end = Math.min(total, offset + limit)
    if (end <= offset) return { total, totalIsLowerBound: false, rows: [] }
    const backwards = { ...query, direction: query.direction === 'asc' ? 'desc' : 'asc' } as const
    const ids = this.unfiltered(backwards, end - offset, total - end)
    return { total, totalIsLowerBound: false, rows: this.byIds(search, ids, now) }
  }

  /**
   * Sorted by Locked, every account: the locked ones (few) as one block and the others from the
   * name index without them, the block last going up and first going down.
   */
  private lockedOrder(search: Search, now: number): AccountPage {
    const total = this.accountCount()
    const { query, locked } = search
    const { offset, limit } = query
    const lockedBlock = query.direction === 'desc' ? [...locked].reverse() : locked
    const others = (count: number, skip: number): number[] =>
      count <= 0
        ? []
        : (this.prepare(
            `SELECT u.id FROM users u INDEXED BY users_by_name WHERE u.id NOT IN (SELECT value FROM json_each(@locked))
             ORDER BY ${orderBy({ ...query, sort: 'username' })} LIMIT @count OFFSET @skip`
          )
            .pluck()
            .all({ locked: JSON.stringify(locked), count, skip }) as number[])
    const ids = query.direction === 'desc' ? [...lockedBlock.slice(offset, offset + limit)] : others(limit, offset)
    if (query.direction === 'desc') ids.push(...others(limit - ids.length, Math.max(0, offset - locked.length)))
    else
      ids.push(
        ...lockedBlock.slice(Math.max(0, offset - (total - locked.length)), offset + limit - (total - locked.length))
      )
    return { total, totalIsLowerBound: false, rows: this.byIds(search, ids, now) }
  }

  private accountCount(): number {
    return (this.prepare('SELECT n FROM users_count').get() as { n: number } | undefined)?.n ?? 0
  }

  /** These few accounts' rows, in the query's order. */
  private byIds(search: Search, ids: number[], now: number): AccountRow[] {
    const rows = this.prepare(
      `SELECT ${rowColumns} FROM users u NOT INDEXED WHERE u.id IN (SELECT value FROM json_each(@ids))
       ORDER BY ${orderBy(search.query)}`
    ).all({ ...search.lockedBinding, ids: JSON.stringify(ids), now }) as RowData[]
    return rows.map(toRow)
  }

  private unfiltered(query: AccountListQuery, limit: number, offset: number): number[] {
    return this.prepare(
      `SELECT u.id FROM users u INDEXED BY ${sorts[query.sort].index}
       ORDER BY ${orderBy(query)} LIMIT @limit OFFSET @offset`
    )
      .pluck()
      .all({ limit, offset }) as number[]
  }
}
