import type { AccountDetail, AccountPage, AccountRow } from '../../shared/admin-views'
import type { ParsedInput } from '../../shared/contract'
import { type Db, readTransaction } from './database'
import { preparedOnce, type Prepare } from './statements'

type AccountSortKey = ParsedInput<'adminListAccounts'>['sort']
/** The console's `Show` select. */
export type AccountShow = NonNullable<ParsedInput<'adminListAccounts'>['show']>

export interface AccountListQuery {
  /** Folded words (search-fold.ts), each in the folded name or email; [] = every account. */
  words: string[]
  show: AccountShow
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
 * Each sort walks one covering index of migration 12 (named, because left alone SQLite prefers
 * the smaller unique index and then reads a table row for every account it tests) and ends in
 * the unique username key, so pages never overlap and a sort read backwards is its reverse.
 * Names sort by their folded form (`łoconnor` among the l's), then exactly. `isLocked` has no
 * index: a lock runs out by the clock, so its accounts are looked up at each call (they are few).
 */
const sorts: Record<AccountSortKey, { index: string; columns: readonly string[] }> = {
  username: { index: 'users_by_name', columns: ['u.name_fold', 'u.username_key'] },
  email: { index: 'users_by_email', columns: ['u.email_fold', 'u.email_key'] },
  isAdmin: { index: 'users_by_admin', columns: ['u.is_admin', 'u.name_fold', 'u.username_key'] },
  isActive: { index: 'users_by_active', columns: ['u.is_active', 'u.name_fold', 'u.username_key'] },
  isLocked: { index: 'users_by_name', columns: [isLockedSql(), 'u.name_fold', 'u.username_key'] },
  twoFactor: { index: 'users_by_two_factor', columns: ['u.two_factor_on', 'u.name_fold', 'u.username_key'] },
  lastLoginAt: { index: 'users_by_last_login', columns: ['u.last_login_at', 'u.name_fold', 'u.username_key'] },
  joinedAt: { index: 'users_by_joined', columns: ['u.created_at', 'u.name_fold', 'u.username_key'] }
}

/** Whether `u` is among the locked accounts of this call (bound as @locked, a JSON array of ids). */
function isLockedSql(): string {
  return '(u.id IN (SELECT value FROM json_each(@locked)))'
}

const showSql: Record<AccountShow, string | null> = {
  all: null,
  locked: isLockedSql(),
  deactivated: 'u.is_active = 0',
  admins: 'u.is_admin = 1',
  twoFactorOff: 'u.two_factor_on = 0'
}

/** What a query binds besides its own parameters: the words (@w0, @w1, …) and the locked ids. */
type Bindings = Record<string, string | number>

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
 * by the `Show` filter. No ordinary index serves a substring, so the matches are first looked up
 * in the trigram index (migration 12), at most ACCOUNT_TOTAL_CAP + 1 of them. If that is all of
 * them, only those rows are read and sorted, and the total is exact. If there are more, they are
 * usually common enough that the first entries of the sort's index hold the page, and the total
 * is "at least"; if not, all matches are read. Without a search or filter, the sort's index is
 * read from whichever end is nearer the page.
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
    return readTransaction(this.db, () => {
      const locked = query.sort === 'isLocked' || query.show === 'locked' ? this.lockedIds(now) : []
      const search = new Search(query, locked)
      if (search.filters) return this.search(search, now)
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

  private search(search: Search, now: number): AccountPage {
    const { query } = search
    const { limit, offset } = query
    const few = this.matchingIds(search, ACCOUNT_TOTAL_CAP + 1)
    if (few.length <= ACCOUNT_TOTAL_CAP) return this.sortedPage(search, few, now)
    // Many matches. If they are spread evenly through the sort order, about `reach` entries of
    // its index precede the page's end: walk that far testing each entry when that is cheap,
    // but give up after a few times `reach`, since matches can bunch up instead (every "maria"
    // sorts under m). Not by Locked, which no index holds in order.
    const costs = this.costs
    const accounts = this.accountCount()
    const matches = this.estimateMatches(search, few, accounts)
    const reach = Math.min(accounts, ((offset + limit + 1) * accounts) / matches)
    // Only when it beats even fetching the matches, twice over: failing costs the window too.
    const walkable = query.sort !== 'isLocked'
    if (walkable && 2 * reach * costs.walkTest <= matches * costs.fetch) {
      const page = this.walkFor(search, reach)
      if (page) {
        const rows = this.byIds(search, page, now)
        return { total: Math.max(ACCOUNT_TOTAL_CAP, offset + limit + 1), totalIsLowerBound: true, rows }
      }
    }
    // Read every match (the total comes out exact) and sort them, or, when so many that even a
    // walk of the whole sort index costs no more than twice that, walk it keeping only theirs.
    const ids = this.matchingIds(search, -1)
    if (!walkable || accounts * costs.walkMember > 2 * ids.length * costs.sortById) {
      return this.sortedPage(search, ids, now)
    }
    const page = this.prepare(
      `SELECT u.id FROM users u INDEXED BY ${sorts[query.sort].index}
       WHERE u.id IN (SELECT value FROM json_each(@ids))
       ORDER BY ${orderBy(query)} LIMIT @limit OFFSET @offset`
    )
      .pluck()
      .all({ ids: JSON.stringify(ids), limit, offset }) as number[]
    return { total: ids.length, totalIsLowerBound: false, rows: this.byIds(search, page, now) }
  }

  /**
   * The page's ids from the first 4 × `reach` entries of the sort's index that match, if they
   * hold the whole page and one more (which says a next page exists); else null. The walk stops
   * at the page's end (the outer ORDER BY is the inner one's: SQLite sorts nothing).
   */
  private walkFor(search: Search, reach: number) {
    const { query } = search
    const found = this.prepare(
      `SELECT u.id FROM (
         SELECT ${windowColumns(query)} FROM users u INDEXED BY ${sorts[query.sort].index}
         ORDER BY ${orderBy(query)} LIMIT @window
       ) AS u WHERE ${search.filters} ORDER BY ${orderBy(query)} LIMIT @limit OFFSET @offset`
    )
      .pluck()
      .all({
        ...search.bindings,
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
   * A long word's matches come from the index in id order, and ids are spread evenly enough
   * over the accounts that where the cap was reached tells how many there are. Anything else
   * (short words, several, a filter) comes in no order: assume the most.
   */
  private estimateMatches(search: Search, idOrdered: number[], accounts: number): number {
    if (!search.indexAlone) return accounts
    const highestId = (this.prepare('SELECT max(id) AS id FROM users').get() as { id: number }).id
    return Math.min(accounts, (idOrdered.length * highestId) / idOrdered[idOrdered.length - 1])
  }

  private sortedPage(search: Search, ids: number[], now: number): AccountPage {
    // Sorts ids and sort keys only (NOT INDEXED: each account read by id, never a walk of a
    // whole sort index); the page's rows, with their lock state, are read afterwards.
    const { query } = search
    const page = this.prepare(
      `SELECT u.id FROM users u NOT INDEXED WHERE u.id IN (SELECT value FROM json_each(@ids))
       ORDER BY ${orderBy(query)} LIMIT @limit OFFSET @offset`
    )
      .pluck()
      .all({
        ...search.lockedBinding,
        ids: JSON.stringify(ids),
        limit: query.limit,
        offset: query.offset
      }) as number[]
    return { total: ids.length, totalIsLowerBound: false, rows: this.byIds(search, page, now) }
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

  /** Ids of accounts matching the search: `most` of them (-1: all), in no particular order. */
  private matchingIds(search: Search, most: number): number[] {
    const { words, filters, bindings } = search
    const long = words.filter((word) => [...word].length >= 3)
    if (words.some((word) => word.includes(KEY_END) || word.includes('\0'))) {
      // Not in any key but these two could be: the index cannot tell them from a key's end.
      return this.prepare(`SELECT id FROM users u WHERE ${filters} LIMIT @most`)
        .pluck()
        .all({ ...bindings, most }) as number[]
    }
    if (long.length > 0) {
      // Quoted FTS5 strings: operators, stars and column names in them are plain text.
      const phrase = long.map((word) => `"${word.replaceAll('"', '""')}"`).join(' AND ')
      if (search.indexAlone) {
        return this.prepare('SELECT rowid FROM users_search WHERE users_search MATCH @phrase LIMIT @most')
          .pluck()
          .all({ phrase, most }) as number[]
      }
      return this.prepare(
        `SELECT u.id FROM users_search CROSS JOIN users u ON u.id = users_search.rowid
         WHERE users_search MATCH @phrase AND ${filters} LIMIT @most`
      )
        .pluck()
        .all({ ...bindings, phrase, most }) as number[]
    }
    if (words.length === 0) {
      return this.prepare(`SELECT u.id FROM users u WHERE ${filters} LIMIT @most`)
        .pluck()
        .all({ ...bindings, most }) as number[]
    }
    // Only short words: every occurrence of one begins some indexed trigram, so its accounts
    // are those with a trigram in the range [word, word + two highest characters].
    const word = words.reduce((longest, next) => (next.length > longest.length ? next : longest))
    const range = { low: word, high: word + LAST_CHARACTER + LAST_CHARACTER }
    const inRange = 'SELECT DISTINCT doc FROM users_search_terms WHERE term >= @low AND term <= @high'
    if (search.indexAlone) {
      return this.prepare(`${inRange} LIMIT @most`)
        .pluck()
        .all({ ...range, most }) as number[]
    }
    return this.prepare(`SELECT u.id FROM users u WHERE u.id IN (${inRange}) AND ${filters} LIMIT @most`)
      .pluck()
      .all({ ...bindings, ...range, most }) as number[]
  }
}

/**
 * One call's search in SQL: each word a substring of the folded name or email (instr(): no LIKE
 * escapes, no syntax), and the `Show` filter. `filters` is null when nothing narrows the list.
 */
class Search {
  readonly words: string[]
  readonly filters: string | null
  readonly bindings: Bindings
  readonly lockedBinding: Bindings
  /** One word the trigram index answers alone, and no filter: its look-up is the whole answer. */
  readonly indexAlone: boolean

  constructor(
    readonly query: AccountListQuery,
    readonly locked: number[]
  ) {
    this.words = [...new Set(query.words)]
    this.lockedBinding = { locked: JSON.stringify(locked) }
    const wordBindings = Object.fromEntries(this.words.map((word, index) => [`w${index}`, word]))
    const parts = this.words.map(
      (_, index) => `(instr(u.name_fold, @w${index}) > 0 OR instr(u.email_fold, @w${index}) > 0)`
    )
    const show = showSql[query.show]
    if (show) parts.push(show)
    this.filters = parts.length > 0 ? parts.join(' AND ') : null
    this.bindings = { ...wordBindings, ...(show && query.show === 'locked' ? this.lockedBinding : {}) }
    this.indexAlone = this.words.length === 1 && show === null
  }
}

/** What the walk reads of each entry: inside the sort's covering index, but for a filter's flag. */
const windowColumns = (query: AccountListQuery): string => {
  const flags = {
    all: [],
    locked: [],
    deactivated: ['u.is_active'],
    admins: ['u.is_admin'],
    twoFactorOff: ['u.two_factor_on']
  }
  return [...new Set(['u.id', 'u.name_fold', 'u.email_fold', ...sorts[query.sort].columns, ...flags[query.show]])].join(
    ', '
  )
}

const orderBy = (query: Pick<AccountListQuery, 'sort' | 'direction'>): string => {
  const direction = query.direction === 'desc' ? 'DESC' : 'ASC'
  return sorts[query.sort].columns.map((column) => `${column} ${direction}`).join(', ')
}
