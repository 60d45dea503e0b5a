import type { AccountDetail, AccountPage, AccountRow } from '../../shared/admin-views'
import type { ParsedInput } from '../../shared/contract'
import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

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
 * Above this many matches a search's total may be a lower bound ("1,000+"): counting a huge
 * match exactly costs as much as reading it.
 */
export const ACCOUNT_TOTAL_CAP = 1000

/** Follows every key twice in the trigram index (migration 5), so short needles start a trigram. */
const KEY_END = '\u0001'
const LAST_CHARACTER = '\u{10FFFF}'

/**
 * Rough relative costs, measured on 100,000 seeded accounts: stepping over one index entry and
 * testing it by instr(), or by membership of a set of ids (a Bloom filter, mostly); taking one
 * match from the trigram index; reading one account by id and sorting it.
 */
export const SEARCH_COSTS = { walkTest: 3, walkMember: 1, fetch: 2, sortById: 13 }
export type SearchCosts = typeof SEARCH_COSTS
/** The fewest index entries a walk tests before it gives up on a page. */
const MIN_WALK = 10_000

/**
 * Each sort walks one covering index of migration 4 (named, because left alone SQLite prefers
 * the smaller unique index and then reads a table row for every account it tests) and ends in
 * the unique username key, so pages never overlap and a sort read backwards is its reverse.
 * Keys are the case-folded forms, so "alice" and "Bob" sort as people expect.
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
  u.last_login_at AS lastLoginAt, u.created_at AS joinedAt,
  EXISTS (SELECT 1 FROM two_factor f WHERE f.user_id = u.id AND f.enabled_at IS NOT NULL) AS twoFactor,
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
 * A search is a substring of the folded username or email key. No ordinary index serves a
 * substring, so the matches are first looked up in the trigram index (migration 5), at most
 * ACCOUNT_TOTAL_CAP + 1 of them. If that is all of them, only those rows are read and sorted, and
 * the total is exact. If there are more, they are usually common enough that the first entries
 * of the sort's index hold the page, and the total is "at least"; if not, all matches are read.
 * Without a search, the sort's index is read from whichever end is nearer the page.
 */
export class AccountList {
  private readonly prepare: Prepare

  /** `costs`: how it weighs its ways to a page (tests force each way with extreme costs). */
  constructor(
    private readonly db: Db,
    private readonly costs: SearchCosts = SEARCH_COSTS
  ) {
    this.prepare = preparedOnce(db)
  }

  page(query: AccountListQuery, now: number): AccountPage {
    // One read transaction: the count and the rows come from the same snapshot.
    return this.db.transaction(() =>
      query.usernameNeedle || query.emailNeedle ? this.search(query, now) : this.everyone(query, now)
    )()
  }

  detail(id: number, now: number): AccountDetail | null {
    const row = this.prepare(
      `SELECT ${rowColumns}, u.must_change_password AS mustChangePassword, ${originColumns}, u.directory_dn AS directoryDn
       FROM users u WHERE u.id = @id`
    ).get({ id, now }) as
      (RowData & { mustChangePassword: number } & OriginData & { directoryDn: string | null }) | undefined
    if (!row) return null
    return {
      ...toRow(row),
      mustChangePassword: row.mustChangePassword === 1,
      lockedUntil: row.lockedUntil,
      source: row.source,
      hasPassword: row.hasPassword === 1,
      legacyPasswordAlgorithm: row.legacyPasswordAlgorithm,
      directoryManaged: row.directoryDn !== null
    }
  }

  /** The total is kept by triggers; a page past the middle is read from the other end. */
  private everyone(query: AccountListQuery, now: number): AccountPage {
    const total = this.accountCount()
    const { offset, limit } = query
    if (offset <= total / 2) {
      return { total, totalIsLowerBound: false, rows: this.unfiltered(query, now, limit, offset) }
    }
    const end = Math.min(total, offset + limit)
    if (end <= offset) return { total, totalIsLowerBound: false, rows: [] }
    const backwards = { ...query, direction: query.direction === 'asc' ? 'desc' : 'asc' } as const
    const rows = this.unfiltered(backwards, now, end - offset, total - end)
    return { total, totalIsLowerBound: false, rows: rows.reverse() }
  }

  private search(query: AccountListQuery, now: number): AccountPage {
    const { limit, offset } = query
    const needles = { name: query.usernameNeedle, email: query.emailNeedle }
    const few = this.matchingIds(needles, ACCOUNT_TOTAL_CAP + 1)
    if (few.length <= ACCOUNT_TOTAL_CAP) return this.sortedPage(query, few, now)
    // Many matches. If they are spread evenly through the sort order, about `reach` entries of
    // its index precede the page's end: walk that far testing each entry when that is cheap,
    // but give up after a few times `reach`, since matches can bunch up instead (every "maria"
    // sorts under m).
    const costs = this.costs
    const accounts = this.accountCount()
    const matches = this.estimateMatches(needles, few, accounts)
    const reach = Math.min(accounts, ((offset + limit + 1) * accounts) / matches)
    // Only when it beats even fetching the matches, twice over: failing costs the window too.
    if (2 * reach * costs.walkTest <= matches * costs.fetch) {
      const page = this.walkFor(query, needles, reach)
      if (page) {
        const rows = this.byIds(query, page, now)
        return { total: Math.max(ACCOUNT_TOTAL_CAP, offset + limit + 1), totalIsLowerBound: true, rows }
      }
    }
    // Read every match (the total comes out exact) and sort them, or, when so many that even a
    // walk of the whole sort index costs no more than twice that, walk it keeping only theirs.
    const ids = this.matchingIds(needles, -1)
    if (accounts * costs.walkMember > 2 * ids.length * costs.sortById) return this.sortedPage(query, ids, now)
    const page = this.prepare(
      `SELECT u.id FROM users u INDEXED BY ${sorts[query.sort].index}
       WHERE u.id IN (SELECT value FROM json_each(@ids))
       ORDER BY ${orderBy(query)} LIMIT @limit OFFSET @offset`
    )
      .pluck()
      .all({ ids: JSON.stringify(ids), limit, offset }) as number[]
    return { total: ids.length, totalIsLowerBound: false, rows: this.byIds(query, page, now) }
  }

  /**
   * The page's ids from the first 4 × `reach` entries of the sort's index that hold a needle,
   * if they hold the whole page and one more (which says a next page exists); else null. The
   * walk stops at the page's end (the outer ORDER BY is the inner one's: SQLite sorts nothing).
   */
  private walkFor(query: AccountListQuery, needles: { name: string; email: string }, reach: number) {
    const found = this.prepare(
      `SELECT u.id FROM (
         SELECT ${windowColumns(query.sort)} FROM users u INDEXED BY ${sorts[query.sort].index}
         ORDER BY ${orderBy(query)} LIMIT @window
       ) AS u ${filter} ORDER BY ${orderBy(query)} LIMIT @limit OFFSET @offset`
    )
      .pluck()
      .all({
        ...needles,
        window: Math.max(MIN_WALK, Math.ceil(4 * reach)),
        limit: query.limit + 1,
        offset: query.offset
      }) as number[]
    return found.length > query.limit ? found.slice(0, query.limit) : null
  }

  private accountCount(): number {
    return (this.prepare('SELECT n FROM users_count').get() as { n: number } | undefined)?.n ?? 0
  }

  /**
   * A long needle's matches come from the index in id order, and ids are spread evenly enough
   * over the accounts that where the cap was reached tells how many there are. Short needles'
   * matches come in no order: assume the most (one- and two-letter searches match widely).
   */
  private estimateMatches(needles: { name: string; email: string }, idOrdered: number[], accounts: number): number {
    if (needles.name !== needles.email || [...needles.name].length < 3) return accounts
    const highestId = (this.prepare('SELECT max(id) AS id FROM users').get() as { id: number }).id
    return Math.min(accounts, (idOrdered.length * highestId) / idOrdered[idOrdered.length - 1])
  }

  private sortedPage(query: AccountListQuery, ids: number[], now: number): AccountPage {
    // Sorts ids and sort keys only (NOT INDEXED: each account read by id, never a walk of a
    // whole sort index); the page's rows, with their lock state, are read afterwards.
    const page = this.prepare(
      `SELECT u.id FROM users u NOT INDEXED WHERE u.id IN (SELECT value FROM json_each(@ids))
       ORDER BY ${orderBy(query)} LIMIT @limit OFFSET @offset`
    )
      .pluck()
      .all({ ids: JSON.stringify(ids), limit: query.limit, offset: query.offset }) as number[]
    return { total: ids.length, totalIsLowerBound: false, rows: this.byIds(query, page, now) }
  }

  /** These few accounts' rows, in the query's order. */
  private byIds(query: AccountListQuery, ids: number[], now: number): AccountRow[] {
    const rows = this.prepare(
      `SELECT ${rowColumns} FROM users u NOT INDEXED WHERE u.id IN (SELECT value FROM json_each(@ids))
       ORDER BY ${orderBy(query)}`
    ).all({ ids: JSON.stringify(ids), now }) as RowData[]
    return rows.map(toRow)
  }

  private unfiltered(query: AccountListQuery, now: number, limit: number, offset: number): AccountRow[] {
    const rows = this.prepare(
      `SELECT ${rowColumns} FROM users u INDEXED BY ${sorts[query.sort].index}
       ORDER BY ${orderBy(query)} LIMIT @limit OFFSET @offset`
    ).all({ now, limit, offset }) as RowData[]
    return rows.map(toRow)
  }

  /** Ids of accounts matching either needle: `most` of them (-1: all), in no particular order. */
  private matchingIds({ name, email }: { name: string; email: string }, most: number): number[] {
    if ([name, email].some((needle) => needle.includes(KEY_END) || needle.includes('\0'))) {
      // Not in any key but these two could be: the index cannot tell them from a key's end.
      return this.prepare(`SELECT id FROM users u ${filter} LIMIT @most`).pluck().all({ name, email, most }) as number[]
    }
    // The same needle for both keys (nearly always): one look-up without a column filter, which
    // would otherwise read every account holding the needle in the other column only.
    if (name === email) return this.idsContaining(null, name, most)
    const ids = new Set<number>()
    for (const [column, needle] of [
      ['username_key', name],
      ['email_key', email]
    ] as const) {
      for (const id of this.idsContaining(column, needle, most)) ids.add(id)
      if (most >= 0 && ids.size >= most) break
    }
    return most >= 0 ? [...ids].slice(0, most) : [...ids]
  }

  private idsContaining(column: 'username_key' | 'email_key' | null, needle: string, most: number): number[] {
    if ([...needle].length >= 3) {
      // A quoted FTS5 string: operators, stars and column names in it are plain text.
      const phrase = `${column ? `{${column}} : ` : ''}"${needle.replaceAll('"', '""')}"`
      return this.prepare('SELECT rowid FROM users_search WHERE users_search MATCH @phrase LIMIT @most')
        .pluck()
        .all({ phrase, most }) as number[]
    }
    // One or two characters: every occurrence begins some indexed trigram, so the accounts are
    // those with a trigram in the range [needle, needle + two highest characters].
    const range = { low: needle, high: needle + LAST_CHARACTER + LAST_CHARACTER, most }
    return (
      column
        ? this.prepare(
            `SELECT DISTINCT doc FROM users_search_terms
             WHERE term >= @low AND term <= @high AND col = @column LIMIT @most`
          )
            .pluck()
            .all({ ...range, column })
        : this.prepare('SELECT DISTINCT doc FROM users_search_terms WHERE term >= @low AND term <= @high LIMIT @most')
            .pluck()
            .all(range)
    ) as number[]
  }
}

// instr() on the folded keys: a plain substring test, Unicode case-insensitive, no LIKE escapes.
const filter = 'WHERE instr(u.username_key, @name) > 0 OR instr(u.email_key, @email) > 0'

/** What the walk reads of each entry: all inside the sort's covering index. */
const windowColumns = (sort: AccountSortKey): string =>
  [...new Set(['u.id', 'u.username_key', 'u.email_key', ...sorts[sort].columns])].join(', ')

const orderBy = (query: AccountListQuery): string => {
  const direction = query.direction === 'desc' ? 'DESC' : 'ASC'
  return sorts[query.sort].columns.map((column) => `${column} ${direction}`).join(', ')
}
