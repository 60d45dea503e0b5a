import type { ParsedInput } from '../../shared/contract'

export type AccountSortKey = ParsedInput<'adminListAccounts'>['sort']
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

/** Follows every key twice in the trigram index (migration 13), so short needles start a trigram. */
const KEY_END = '\u0001'
const LAST_CHARACTER = '\u{10FFFF}'

/** A flag column of the users table, the value a `Show` choice keeps, and the index it leads. */
export interface Flag {
  column: 'is_admin' | 'is_active' | 'two_factor_on'
  value: 0 | 1
  index: string
}

/**
 * Each sort walks one covering index of migrations 13 and 18 (named, because left alone SQLite
 * prefers the smaller unique index and then reads a table row for every account it tests) and
 * ends in the unique username key, so pages never overlap and a sort read backwards is its
 * reverse. Names sort by their folded form (`łoconnor` among the l's), then exactly. `isLocked`
 * has no index: a lock runs out by the clock, so its accounts are looked up at each call (they
 * are few). `flag`: the flag the index begins with, whose block a walk can seek to.
 */
export const sorts: Record<
  AccountSortKey,
  { index: string | null; columns: readonly string[]; flag?: Flag['column'] }
> = {
  username: { index: 'users_by_name', columns: ['u.name_fold', 'u.username_key'] },
  email: { index: 'users_by_email', columns: ['u.email_fold', 'u.email_key'] },
  isAdmin: { index: 'users_by_admin', columns: ['u.is_admin', 'u.name_fold', 'u.username_key'], flag: 'is_admin' },
  isActive: {
    index: 'users_by_active',
    columns: ['u.is_active', 'u.name_fold', 'u.username_key'],
    flag: 'is_active'
  },
  isLocked: { index: null, columns: [isLockedSql(), 'u.name_fold', 'u.username_key'] },
  twoFactor: {
    index: 'users_by_two_factor',
    columns: ['u.two_factor_on', 'u.name_fold', 'u.username_key'],
    flag: 'two_factor_on'
  },
  lastLoginAt: { index: 'users_by_last_login', columns: ['u.last_login_at', 'u.name_fold', 'u.username_key'] },
  joinedAt: { index: 'users_by_joined', columns: ['u.created_at', 'u.name_fold', 'u.username_key'] }
}

/** The console's sort indexes, which a bulk load may drop and build again (bulk-accounts-repository.ts). */
export const SORT_INDEXES = Object.values(sorts).flatMap((sort) => (sort.index ? [sort.index] : []))

/** Whether `u` is among the locked accounts of this call (bound as @locked, a JSON array of ids). */
export function isLockedSql(): string {
  return '(u.id IN (SELECT value FROM json_each(@locked)))'
}

const showFlags: Partial<Record<AccountShow, Flag>> = {
  deactivated: { column: 'is_active', value: 0, index: 'users_by_active' },
  admins: { column: 'is_admin', value: 1, index: 'users_by_admin' },
  twoFactorOff: { column: 'two_factor_on', value: 0, index: 'users_by_two_factor' }
}

/**
 * Where a search's candidates can be read from without a walk of every account: the trigram
 * index for its long words (`fts`) or, for short ones only, the index's term list (`vocab`); the
 * block of a flag index a `Show` choice keeps (`flag`); the locked accounts (`locked`); or no
 * index at all (`scan`).
 */
export type SourceKind = 'fts' | 'vocab' | 'flag' | 'locked' | 'scan'

/**
 * One call's search in SQL: each word a substring of the folded name or email (instr(): no LIKE
 * escapes, no syntax), and the `Show` filter. `filters` is null when nothing narrows the list.
 */
export class Search {
  readonly words: string[]
  /** Words of three characters or more, which the trigram index finds (quoted FTS5 strings). */
  readonly longWords: string[]
  readonly filters: string | null
  readonly bindings: Record<string, string | number>
  readonly lockedBinding: { locked: string }
  readonly flag: Flag | undefined
  /** The sources this search can read its candidates from, the likely smallest first. */
  readonly sources: SourceKind[]
  /** Whether the first source's candidates are exactly the matches (nothing else to test). */
  readonly exact: boolean

  constructor(
    readonly query: AccountListQuery,
    readonly locked: number[]
  ) {
    this.words = [...new Set(query.words)]
    // Not in any key but these two could be: the index cannot tell them from a key's end.
    const indexable = !this.words.some((word) => word.includes(KEY_END) || word.includes('\0'))
    this.longWords = indexable ? this.words.filter((word) => [...word].length >= 3) : []
    this.lockedBinding = { locked: JSON.stringify(locked) }
    this.flag = showFlags[query.show]
    const parts = this.words.map(
      (_, index) => `(instr(u.name_fold, @w${index}) > 0 OR instr(u.email_fold, @w${index}) > 0)`
    )
    if (query.show === 'locked') parts.push(isLockedSql())
    if (this.flag) parts.push(`u.${this.flag.column} = ${this.flag.value}`)
    this.filters = parts.length > 0 ? parts.join(' AND ') : null
    this.bindings = {
      ...Object.fromEntries(this.words.map((word, index) => [`w${index}`, word])),
      ...(query.show === 'locked' ? this.lockedBinding : {}),
      phrase: this.longWords.map((word) => `"${word.replaceAll('"', '""')}"`).join(' AND '),
      ...this.shortRange()
    }
    this.sources = this.sourcesInOrder(indexable)
    const onlyWords = query.show === 'all'
    this.exact =
      (this.sources[0] === 'fts' && onlyWords && this.longWords.length === this.words.length) ||
      (this.sources[0] === 'vocab' && onlyWords && this.words.length === 1) ||
      (this.sources[0] === 'flag' && this.words.length === 0) ||
      this.sources[0] === 'locked'
  }

  /** The longest short word: its accounts are those with a trigram in [word, word + two highest characters]. */
  get shortWord(): string {
    return this.words.reduce((longest, next) => (next.length > longest.length ? next : longest), '')
  }

  private shortRange(): { low: string; high: string } {
    const word = this.shortWord
    return { low: word, high: word + LAST_CHARACTER + LAST_CHARACTER }
  }

  private sourcesInOrder(indexable: boolean): SourceKind[] {
    if (this.query.show === 'locked') return ['locked']
    const sources: SourceKind[] = []
    if (this.longWords.length > 0) sources.push('fts')
    if (this.flag) sources.push('flag')
    if (indexable && this.longWords.length === 0 && this.words.length > 0) sources.push('vocab')
    sources.push('scan')
    return sources
  }

  /** FROM and WHERE reading `source`'s candidates and keeping the matches. */
  from(source: SourceKind): string {
    const filters = this.filters ?? '1'
    switch (source) {
      case 'fts':
        // When the index's matches are exactly the search's, there is nothing to test again.
        return `users_search CROSS JOIN users u ON u.id = users_search.rowid
          WHERE users_search MATCH @phrase${this.exact ? '' : ` AND ${filters}`}`
      case 'vocab':
        return `users u WHERE u.id IN (SELECT doc FROM users_search_terms WHERE term >= @low AND term <= @high)
          AND ${filters}`
      case 'flag':
        return `users u INDEXED BY ${this.flag!.index} WHERE ${filters}`
      case 'locked':
        return `users u WHERE u.id IN (SELECT value FROM json_each(@locked)) AND ${filters}`
      case 'scan':
        return `users u WHERE ${filters}`
    }
  }

  /** SELECT of at most @most of `source`'s candidates' ids (as `id`), without testing them (null: no cheap way). */
  candidates(source: SourceKind): string | null {
    switch (source) {
      case 'fts':
        return 'SELECT rowid AS id FROM users_search WHERE users_search MATCH @phrase LIMIT @most'
      case 'vocab':
        return 'SELECT DISTINCT doc AS id FROM users_search_terms WHERE term >= @low AND term <= @high LIMIT @most'
      case 'flag':
        return `SELECT u.id FROM users u INDEXED BY ${this.flag!.index}
          WHERE u.${this.flag!.column} = ${this.flag!.value} LIMIT @most`
      default:
        return null
    }
  }

  /**
   * The walk's index, and the block of it to seek to when the `Show` flag is the one the sort
   * begins with (sorted by Admin, showing administrators: only their block is walked).
   */
  walkRange(): { index: string; where: string } | null {
    const sort = sorts[this.query.sort]
    if (!sort.index) return null
    const block = this.flag && this.flag.column === sort.flag ? `u.${this.flag.column} = ${this.flag.value}` : ''
    return { index: sort.index, where: block }
  }

  /**
   * The range of the sort's index whose key begins with the one word searched, when the sort is
   * by name or email and nothing else is searched: every account in it matches, so when it holds
   * as many accounts as the trigram index finds, it holds exactly the matches, in order. Bound
   * as @w0 and @prefixEnd (the word and the highest character: every key that begins with the
   * word, and only those, sorts between them).
   */
  prefixRange(): { index: string; where: string; prefixEnd: string } | null {
    const column = this.query.sort === 'username' ? 'u.name_fold' : this.query.sort === 'email' ? 'u.email_fold' : null
    if (!column || !this.exact || this.sources[0] !== 'fts' || this.words.length !== 1) return null
    return {
      index: sorts[this.query.sort].index!,
      where: `${column} >= @w0 AND ${column} < @prefixEnd`,
      prefixEnd: this.words[0] + LAST_CHARACTER
    }
  }

  /**
   * Where a walk stops if the page is not found sooner: its sort's leading column (two when the
   * first is a flag) up to the bound @b0 (@b1) in the walk's direction, which SQLite reads as the
   * end of a range of the index. Null: no stop short of the end. NULLs (never logged in) come
   * first going up, and `<=` would leave them out, so a bound past them is not set; a NULL bound
   * going down comes after every other.
   */
  walkBound(bound: readonly (string | number | null)[] | null): string | null {
    if (!bound) return null
    const columns = sorts[this.query.sort].columns.slice(0, bound.length)
    const up = this.query.direction === 'asc'
    if (bound[0] === null) return up ? `${columns[0]} IS NULL` : null
    if (up && this.query.sort === 'lastLoginAt') return null
    const operator = up ? '<=' : '>='
    if (columns.length === 1) return `${columns[0]} ${operator} @b0`
    // Within the block the walk begins in (0 going up, 1 going down), an equality and a range:
    // cheaper for SQLite to hold at each entry than a comparison of two values.
    if (bound[0] === (up ? 0 : 1)) return `${columns[0]} = @b0 AND ${columns[1]} ${operator} @b1`
    return `(${columns.join(', ')}) ${operator} (@b0, @b1)`
  }
}

export const orderBy = (query: Pick<AccountListQuery, 'sort' | 'direction'>): string => {
  const direction = query.direction === 'desc' ? 'DESC' : 'ASC'
  return sorts[query.sort].columns.map((column) => `${column} ${direction}`).join(', ')
}
