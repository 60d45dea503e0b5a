import { type AccountSortKey, type Search, type SourceKind, sorts } from './account-search'
import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

/** How many accounts the sample holds: enough to place a page end within a few tenths of a percent. */
export const SAMPLE_SIZE = 2048
/** The sample is read in runs of this many consecutive ids. */
const SAMPLE_RUN = 8
/** How far a walk may go: `reach` times the entries it is estimated to need, plus `slack` entries. */
export interface WalkReach {
  reach: number
  slack: number
}

interface SampleRow {
  id: number
  nameFold: string
  usernameKey: string
  emailFold: string
  emailKey: string
  isAdmin: number
  isActive: number
  twoFactorOn: number
  lastLoginAt: number | null
  createdAt: number
}

export type Key = string | number | null

const flagFields = { is_admin: 'isAdmin', is_active: 'isActive', two_factor_on: 'twoFactorOn' } as const

/** Each walkable sort's key as the index orders it (isLocked has no index: never walked). */
const sortKeys: Record<Exclude<AccountSortKey, 'isLocked'>, (row: SampleRow) => Key[]> = {
  username: (row) => [row.nameFold, row.usernameKey],
  email: (row) => [row.emailFold, row.emailKey],
  isAdmin: (row) => [row.isAdmin, row.nameFold, row.usernameKey],
  isActive: (row) => [row.isActive, row.nameFold, row.usernameKey],
  twoFactor: (row) => [row.twoFactorOn, row.nameFold, row.usernameKey],
  lastLoginAt: (row) => [row.lastLoginAt, row.nameFold, row.usernameKey],
  joinedAt: (row) => [row.createdAt, row.nameFold, row.usernameKey]
}

/** SQLite's order, near enough for an estimate: NULL first, then numbers, then text. */
function compareKeys(a: Key[], b: Key[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    if (x === y) continue
    if (x === null) return -1
    if (y === null) return 1
    return x < y ? -1 : 1
  }
  return 0
}

/** What a search would cost each way, in accounts: estimated from the sample, scaled to the table. */
export interface SearchEstimate {
  /** How many accounts match. */
  matches: number
  /** Entries of the sort's index a walk passes before it holds `rank` matches; Infinity: the whole range. */
  walk: number
  /**
   * Where a walk should give up: the leading sort key (two columns when the first is a flag) of
   * the sample row about twice as far in; null: at the end of the range.
   */
  bound: Key[] | null
  /** How many candidates each of the search's sources holds. */
  candidates: Partial<Record<SourceKind, number>>
}

/**
 * A fixed sample of the accounts, in short runs spread evenly over their ids, kept in memory:
 * what the search weighs its ways with. How many accounts match, and where in a sort order the
 * page would end, are counted on it and scaled up; the answer never comes from it, so a stale
 * sample costs time, not correctness. It is taken again when the number of accounts has moved by
 * an eighth.
 */
export class AccountSample {
  private readonly prepare: Prepare
  private rows: SampleRow[] = []
  private takenAt = -1
  /** Each walkable sort's order of the rows, as their positions in `rows`. */
  private readonly orders = new Map<AccountSortKey, number[]>()

  constructor(db: Db) {
    this.prepare = preparedOnce(db)
  }

  /** `rank`: how many matches, from the first in the query's order, the page's statement must reach. */
  estimate(search: Search, accounts: number, rank: number, { reach, slack }: WalkReach): SearchEstimate {
    const rows = this.current(accounts)
    if (rows.length === 0) return { matches: 0, walk: 0, bound: null, candidates: {} }
    const scale = accounts / rows.length
    const test = rowTest(search, search.words, true)
    const hits = rows.map(test)
    const count = (matches: boolean[]) => matches.reduce((sum, hit) => sum + (hit ? 1 : 0), 0) * scale
    const candidates: Partial<Record<SourceKind, number>> = {}
    for (const source of search.sources) {
      const words = source === 'fts' ? search.longWords : source === 'vocab' ? [search.shortWord] : []
      const exactly = search.exact && source === search.sources[0]
      if (source === 'scan') candidates.scan = accounts
      else if (source !== 'locked')
        candidates[source] = exactly ? count(hits) : count(rows.map(rowTest(search, words, source === 'flag')))
    }
    const { walk, bound } = this.walkLength(search, hits, rank / scale, { reach, slack: slack / scale })
    return { matches: count(hits), walk: walk * scale, bound, candidates }
  }

  /**
   * How many sample rows, in the query's order (within the block a walk seeks to), a walk passes
   * to hold `needed` matches (up to the sample match that makes it); and the key of the row
   * `reach` times as far in as the one that makes `needed` with a margin for the sample's chance,
   * plus `slack` rows: where a walk should give up (null: at the end of the range).
   */
  private walkLength(search: Search, hits: boolean[], needed: number, { reach, slack }: WalkReach) {
    const { sort, direction } = search.query
    if (sort === 'isLocked') return { walk: Infinity, bound: null }
    let order = this.ordered(sort)
    if (search.walkRange()?.where && search.flag) {
      const { column, value } = search.flag
      order = order.filter((i) => this.rows[i][flagFields[column]] === value)
    }
    const at = (i: number) => (direction === 'asc' ? order[i] : order[order.length - 1 - i])
    const found: number[] = [0]
    const enough = needed + 2 * Math.sqrt(needed) + 1
    for (let i = 0; i < order.length && found.length <= Math.ceil(enough); i++) if (hits[at(i)]) found.push(i + 1)
    // Where the sample's next match after the k-th is: matches may bunch up after a long gap.
    const position = (k: number) => found[Math.ceil(k)] ?? Infinity
    const end = Math.max(0, Math.ceil(reach * position(enough) + slack))
    const bound = end < order.length ? sortKeys[sort](this.rows[at(end)]).slice(0, sorts[sort].flag ? 2 : 1) : null
    return { walk: position(needed), bound }
  }

  private ordered(sort: Exclude<AccountSortKey, 'isLocked'>): number[] {
    let order = this.orders.get(sort)
    if (!order) {
      const keys = this.rows.map(sortKeys[sort])
      order = keys.map((_, i) => i).sort((a, b) => compareKeys(keys[a], keys[b]))
      this.orders.set(sort, order)
    }
    return order
  }

  private current(accounts: number): SampleRow[] {
    if (this.takenAt < 0 || Math.abs(accounts - this.takenAt) * 8 > this.takenAt) {
      this.rows = this.read(accounts)
      this.takenAt = accounts
      this.orders.clear()
    }
    return this.rows
  }

  private read(accounts: number): SampleRow[] {
    const columns = `u.id, u.name_fold AS nameFold, u.username_key AS usernameKey, u.email_fold AS emailFold,
      u.email_key AS emailKey, u.is_admin AS isAdmin, u.is_active AS isActive, u.two_factor_on AS twoFactorOn,
      u.last_login_at AS lastLoginAt, u.created_at AS createdAt`
    if (accounts <= SAMPLE_SIZE) return this.prepare(`SELECT ${columns} FROM users u`).all() as SampleRow[]
    const { low, high } = this.prepare(
      // Two subqueries: each reads one end of the table, where min() and max() together scan it all.
      'SELECT (SELECT min(id) FROM users) AS low, (SELECT max(id) FROM users) AS high'
    ).get() as {
      low: number
      high: number
    }
    // Runs of consecutive ids, each on one or two pages of the table: 2,048 scattered rows took
    // about 50 ms to read in a new process at a million accounts, 256 runs of 8 about 18 ms.
    const runs = SAMPLE_SIZE / SAMPLE_RUN
    const step = (high - low + 1) / runs
    const starts = Array.from({ length: runs }, (_, i) => low + Math.floor(i * step))
    return this.prepare(
      `SELECT ${columns} FROM json_each(@starts) AS run CROSS JOIN users u
       WHERE u.id >= run.value AND u.id < run.value + ${SAMPLE_RUN}`
    ).all({
      starts: JSON.stringify(starts)
    }) as SampleRow[]
  }
}

/** The search's test on a sample row: these words in the name or email, and the `Show` filter if `show`. */
function rowTest(search: Search, words: readonly string[], show: boolean): (row: SampleRow) => boolean {
  const locked = new Set(search.locked)
  const flag = show ? search.flag : undefined
  const lockedOnly = show && search.query.show === 'locked'
  return (row) =>
    words.every((word) => row.nameFold.includes(word) || row.emailFold.includes(word)) &&
    (!flag || row[flagFields[flag.column]] === flag.value) &&
    (!lockedOnly || locked.has(row.id))
}
