import { AccountSample, type Key, type SearchEstimate } from './account-sample'
import { orderBy, type Search, type SourceKind } from './account-search'
import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

/**
 * Above this many matches a search's total may be a lower bound ("1,000+"): counting a huge
 * match exactly costs as much as reading it.
 */
export const ACCOUNT_TOTAL_CAP = 1000

/**
 * Rough costs in microseconds, measured on 100,000 and 1,000,000 seeded accounts: stepping over
 * one entry of a sort index in a walk, and testing one word on it (two instr()); reading one
 * candidate by id, testing and sorting it; taking a candidate from the trigram index's term list;
 * reading one entry of a flag's block or one row of the table. And how far a walk goes before it
 * gives up: `walkReach` times the entries it is estimated to need, plus `walkSlack` entries.
 */
export const SEARCH_COSTS = {
  walkEntry: 0.04,
  wordTest: 0.05,
  fetch: 0.8,
  vocab: 0.5,
  scanEntry: 0.1,
  walkReach: 2,
  walkSlack: 2000
}
export type SearchCosts = typeof SEARCH_COSTS

/** A page of a search: its ids in order, and the total. */
export interface SearchResult {
  ids: number[]
  total: number
  totalIsLowerBound: boolean
}

/** Where a gather reads, and whether to walk first, up to which key (null: to the end of the range). */
interface Plan {
  source: SourceKind
  walk: { bound: Key[] | null } | null
}

/**
 * The ways a search reaches its page (AccountList.page hands every search with a word or a
 * `Show` filter here). No ordinary index serves a substring, so:
 *
 * 1. Small: when one of the search's sources (search-terms: the trigram index, a flag's block,
 *    the locked accounts) holds at most ACCOUNT_TOTAL_CAP candidates, they are all read, tested
 *    and sorted; the total is exact.
 * 2. Otherwise a sample of the accounts (account-sample.ts) tells how many match and how far into
 *    the sort's index the page ends, and the cheaper of two ways is taken. The walk reads the
 *    sort's covering index in order, testing each entry, and stops at the page's end: cheap when
 *    matches are common or spread out. The gather reads every candidate of the smallest source
 *    and sorts the matches, keeping only the page: cheap when matches are few or bunched up (all
 *    the "maria"s sort under m). A walk that passes twice its estimate without the page gives up
 *    and gathers.
 *
 * Either way the statement returns one row past the page, and, unless more than the cap are
 * already known to match, enough rows to reach the cap: so a total is exact, or known to be at
 * least the cap and shown as "1,000+". A gather over a source whose candidates are exactly the
 * matches counts them (a count of the trigram index costs little next to reading the rows).
 */
export class SearchWays {
  private readonly prepare: Prepare
  private readonly sample: AccountSample

  constructor(
    db: Db,
    private readonly costs: SearchCosts
  ) {
    this.prepare = preparedOnce(db)
    this.sample = new AccountSample(db)
  }

  find(search: Search, accounts: number): SearchResult {
    const { offset, limit } = search.query
    const small = this.smallMatch(search)
    if (small) {
      return { ids: small.slice(offset, offset + limit), total: small.length, totalIsLowerBound: false }
    }
    // Many candidates in every source. The matches are more than the cap when the first source
    // holds exactly the matches; else the statement reads on to the cap to find out.
    const take = search.exact ? limit + 1 : Math.max(limit + 1, ACCOUNT_TOTAL_CAP + 1 - offset)
    const { walkReach, walkSlack } = this.costs
    const estimate = this.sample.estimate(search, accounts, offset + take, { reach: walkReach, slack: walkSlack })
    const plan = this.plan(search, estimate, accounts)
    if (plan.walk) {
      const ids = this.walk(search, plan.walk.bound, take)
      if (ids) return this.result(search, ids, take)
    }
    return this.prefixPage(search) ?? this.result(search, this.gather(search, plan.source, take), take)
  }

  /** All the matches in order, when one source holds at most the cap's worth of candidates; else null. */
  private smallMatch(search: Search): number[] | null {
    for (const source of search.sources) {
      const few =
        source === 'locked'
          ? { n: search.locked.length, ids: search.lockedBinding.locked }
          : this.fewCandidates(search, source)
      if (!few || few.n > ACCOUNT_TOTAL_CAP) continue
      // Tests and sorts ids and sort keys only (NOT INDEXED: each account read by id, never a
      // walk of a whole sort index); the page's rows are read afterwards.
      return this.prepare(
        `SELECT u.id FROM users u NOT INDEXED WHERE u.id IN (SELECT value FROM json_each(@ids)) AND ${search.filters}
         ORDER BY ${orderBy(search.query)}`
      )
        .pluck()
        .all({ ...search.bindings, ...search.lockedBinding, ids: few.ids }) as number[]
    }
    return null
  }

  /** Up to one past the cap of `source`'s candidates, as a JSON array, and how many (null: no cheap way). */
  private fewCandidates(search: Search, source: SourceKind): { n: number; ids: string } | null {
    const sql = search.candidates(source)
    if (!sql) return null
    return this.prepare(`SELECT count(*) AS n, json_group_array(id) AS ids FROM (${sql})`).get({
      ...search.bindings,
      most: ACCOUNT_TOTAL_CAP + 1
    }) as { n: number; ids: string }
  }

  /** The source to gather from, and the walk to try first if walking looks cheaper. */
  private plan(search: Search, estimate: SearchEstimate, accounts: number): Plan {
    const gather = this.cheapestSource(search, estimate, accounts)
    const { walkEntry, wordTest } = this.costs
    const walkCost = Math.min(estimate.walk, accounts) * (walkEntry + search.words.length * wordTest)
    if (search.walkRange() === null || walkCost > gather.cost) return { source: gather.source, walk: null }
    return { source: gather.source, walk: { bound: estimate.bound } }
  }

  /** The source whose candidates cost least to read, test and sort, and what it costs. */
  private cheapestSource(search: Search, estimate: SearchEstimate, accounts: number) {
    const { wordTest, fetch, vocab, scanEntry } = this.costs
    const test = search.words.length * wordTest
    const costOf = (source: SourceKind, candidates: number): number => {
      if (source === 'fts') return candidates * fetch
      if (source === 'vocab') return candidates * (vocab + fetch)
      if (source === 'flag') return candidates * (scanEntry + test) + estimate.matches * fetch
      return accounts * (scanEntry + test) + estimate.matches * fetch
    }
    let best = { source: 'scan' as SourceKind, cost: Infinity }
    for (const source of search.sources) {
      const cost = costOf(source, Math.max(estimate.candidates[source] ?? accounts, ACCOUNT_TOTAL_CAP + 1))
      if (cost < best.cost) best = { source, cost }
    }
    return best
  }

  /**
   * The first `take` matches from @offset on, from the sort's index read in order up to `bound`
   * (its whole range if null): SQLite stops at the page's end or at the bound, sorting nothing.
   * Null when it reached the bound first.
   */
  private walk(search: Search, bound: Key[] | null, take: number): number[] | null {
    const { query } = search
    const range = search.walkRange()!
    const boundSql = search.walkBound(bound)
    const where = [range.where, boundSql, search.filters].filter(Boolean).join(' AND ')
    const found = this.prepare(
      `SELECT u.id FROM users u INDEXED BY ${range.index} WHERE ${where}
       ORDER BY ${orderBy(query)} LIMIT @take OFFSET @offset`
    )
      .pluck()
      .all({ ...search.bindings, ...boundBindings(bound), take, offset: query.offset }) as number[]
    return found.length < take && boundSql ? null : found
  }

  /**
   * The page from the range of keys that begin with the word searched, when that range holds
   * every match (search.prefixRange): "maria" sorted by name, every "maria" bunched under m,
   * without reading each one. Counting both costs a fraction of gathering them; null if the
   * counts differ (some match has the word further in).
   */
  private prefixPage(search: Search): SearchResult | null {
    const range = search.prefixRange()
    if (!range) return null
    const { offset, limit } = search.query
    const bindings = { ...search.bindings, prefixEnd: range.prefixEnd }
    const from = `FROM users u INDEXED BY ${range.index} WHERE ${range.where}`
    const inRange = this.prepare(`SELECT count(*) ${from}`).pluck().get(bindings) as number
    const matches = this.prepare('SELECT count(*) FROM users_search WHERE users_search MATCH @phrase')
      .pluck()
      .get(bindings) as number
    if (inRange !== matches) return null
    const ids = this.prepare(`SELECT u.id ${from} ORDER BY ${orderBy(search.query)} LIMIT @limit OFFSET @offset`)
      .pluck()
      .all({ ...bindings, limit, offset }) as number[]
    return { ids, total: matches, totalIsLowerBound: false }
  }

  /** The first `take` matches from @offset on, from every candidate of `source`, sorted. */
  private gather(search: Search, source: SourceKind, take: number): number[] {
    const { query } = search
    return this.prepare(`SELECT u.id FROM ${search.from(source)} ORDER BY ${orderBy(query)} LIMIT @take OFFSET @offset`)
      .pluck()
      .all({ ...search.bindings, ...search.lockedBinding, take, offset: query.offset }) as number[]
  }

  /**
   * The page and the total from the `take` matches found from the offset on: all there are from
   * there (exact), or more than the page (at least the cap, which is then known to be passed).
   */
  private result(search: Search, found: number[], take: number): SearchResult {
    const { offset, limit } = search.query
    const ids = found.slice(0, limit)
    if (found.length >= take) {
      return { ids, total: Math.max(ACCOUNT_TOTAL_CAP, offset + limit + 1), totalIsLowerBound: true }
    }
    if (found.length > 0 || offset === 0) return { ids, total: offset + found.length, totalIsLowerBound: false }
    // Past the last match: only a count says where that is.
    const total = this.prepare(`SELECT count(*) FROM ${search.from(search.sources[0])}`)
      .pluck()
      .get({ ...search.bindings, ...search.lockedBinding }) as number
    return { ids, total, totalIsLowerBound: false }
  }
}

const boundBindings = (bound: Key[] | null) => Object.fromEntries((bound ?? []).map((value, i) => [`b${i}`, value]))
