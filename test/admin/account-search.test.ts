import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedAccounts } from '../../scripts/lib/seed-accounts'
import { usernameKey } from '../../src/main/core/accounts/identity'
import { foldForSearch, searchWords } from '../../src/main/db/search-fold'
import { ACCOUNT_TOTAL_CAP, AccountList, SEARCH_COSTS } from '../../src/main/db/account-list-repository'
import { DATABASE_FILE_NAME, migrate, openDatabase, type Db } from '../../src/main/db/database'
import { SORT_INDEXES } from '../../src/main/db/account-search'
import { call, dataOf } from '../helpers/accounts'
import { appWindow, CHEAP_HASHING, makeTestCore, signUpInput, withFirstAdmin, type TestCore } from '../helpers/core'
import { databaseBefore } from '../helpers/old-database'

const ROOT = resolve(__dirname, '../..')
const ADMIN = appWindow('admin-window')

/** Accounts whose names and emails hold what a search engine treats as syntax, or folds. */
const TRICKY = [
  { username: 'Straße', email: 'strasse.owner@example.com' },
  { username: 'GARCÍA.José', email: 'Jose.Garcia@Example.org' },
  { username: 'zoë_ünal', email: "o'brien%50@example.com" },
  { username: 'near-and', email: '"near"*and@x.example' },
  { username: 'or+not', email: 'a_b-c^d:{e}(f)@example.net' },
  { username: 'İstanbul', email: 'ﬁle@example.com' },
  { username: 'x', email: 'x@y.example' },
  { username: 'q7', email: 'quoted""twice@example.com' }
]

const QUERIES = [
  // case and accents
  'garcía',
  'GARCÍA',
  'garcia',
  'José',
  'JOSE',
  'é',
  'É',
  'ë',
  'ÜNAL',
  'straße',
  'STRASSE',
  'ss',
  'ß',
  'İ',
  'i̇',
  'fi',
  'ﬁle',
  // LIKE and GLOB wildcards, quotes
  '%',
  '%5',
  '_',
  'a_b',
  "'",
  "o'b",
  '"',
  '""',
  '"near"',
  '"near"*',
  // FTS5 operators and syntax
  '*',
  'NEAR',
  'near',
  'AND',
  'and',
  'OR',
  'NOT',
  '-',
  'near-and',
  '^',
  ':',
  '{e}',
  '(',
  'NEAR(',
  'username_key',
  '{username_key}:',
  // one and two characters
  'a',
  'x',
  'q',
  'z',
  '7',
  'zz',
  'xq',
  'ma',
  '12',
  '.',
  '@',
  // email fragments and the rest
  'example.org',
  '@example',
  '.com',
  'x.example',
  'mar',
  'maria',
  'maria.g',
  '4821',
  'nobody-has-this',
  // characters that end each key in the search index
  '\u0001',
  'x\u0001',
  'e\u0001\u0001'
]

let core: TestCore

/**
 * Every account's id whose folded username or email holds each folded word of `search`, by
 * folded username then username key: the plain scan the console's index must agree with.
 */
function scan(db: Db, search: string): number[] {
  const words = searchWords(search)
  const rows = db.prepare('SELECT id, username, email FROM users').all() as {
    id: number
    username: string
    email: string
  }[]
  const bytes = (text: string) => Buffer.from(text)
  return rows
    .filter((row) =>
      words.every((word) => foldForSearch(row.username).includes(word) || foldForSearch(row.email).includes(word))
    )
    .sort(
      (a, b) =>
        Buffer.compare(bytes(foldForSearch(a.username)), bytes(foldForSearch(b.username))) ||
        Buffer.compare(bytes(usernameKey(a.username)), bytes(usernameKey(b.username)))
    )
    .map((row) => row.id)
}

/** All the pages of a search, in username order, up to `most` accounts. */
async function searchIds(search: string, most = Number.MAX_SAFE_INTEGER) {
  const ids: number[] = []
  let first: { total: number; totalIsLowerBound: boolean } | null = null
  for (let offset = 0; offset < most; offset += 100) {
    const page = dataOf(
      await call(core, ADMIN, 'adminListAccounts', { search, sort: 'username', direction: 'asc', offset, limit: 100 })
    )
    first ??= page
    ids.push(...page.rows.map((row) => row.id))
    if (page.rows.length < 100) break
  }
  return { ids: ids.slice(0, most), total: first!.total, totalIsLowerBound: first!.totalIsLowerBound }
}

/** Throws unless the trigram index holds exactly the users table's keys; the kept count must match too. */
function searchIndexProblems(db: Db): string[] {
  const problems: string[] = []
  try {
    db.prepare("INSERT INTO users_search (users_search, rank) VALUES ('integrity-check', 1)").run()
  } catch (error) {
    problems.push(`search index: ${(error as Error).message}`)
  }
  const counted = db
    .prepare('SELECT (SELECT n FROM users_count) AS kept, (SELECT count(*) FROM users) AS real')
    .get() as {
    kept: number
    real: number
  }
  if (counted.kept !== counted.real) problems.push(`kept count ${counted.kept}, users ${counted.real}`)
  return problems
}

beforeAll(async () => {
  core = makeTestCore()
  await withFirstAdmin(core)
  for (const account of TRICKY) {
    const result = await call(core, appWindow(`w-${account.username}`), 'signUp', {
      ...signUpInput(account.username),
      email: account.email
    })
    dataOf(result)
  }
  // More accounts than the cap, so common searches take the "many matches" road.
  seedAccounts(core.services.db, { users: 2500, passwordHash: null, now: core.clock.now() })
})

afterAll(() => core?.dispose())

describe('Accounts console search', () => {
  it('answers every tricky query exactly as a plain substring scan over all users does', async () => {
    const mismatches: unknown[] = []
    for (const search of QUERIES) {
      const want = scan(core.services.db, search)
      const got = await searchIds(search)
      if (JSON.stringify(got.ids) !== JSON.stringify(want)) {
        mismatches.push({
          search,
          got: got.ids.length,
          want: want.length,
          missing: want.filter((id) => !got.ids.includes(id)).slice(0, 5)
        })
      }
      const exact = want.length <= ACCOUNT_TOTAL_CAP || !got.totalIsLowerBound
      if (exact ? got.total !== want.length : got.total < ACCOUNT_TOTAL_CAP || got.total > want.length) {
        mismatches.push({ search, total: got.total, lowerBound: got.totalIsLowerBound, want: want.length })
      }
    }
    expect(mismatches).toEqual([])
    // The set is not trivially empty: syntax characters really are in the data.
    for (const search of ['%', '_', "'", '"', '*', 'NEAR', '-', 'ß', 'é', 'x', 'zz', '{e}']) {
      expect({ search, found: scan(core.services.db, search).length > 0 }).toEqual({ search, found: search !== 'zz' })
    }
  })

  it('finds a long match through the index, not only through the cap, at both ends of a key', async () => {
    for (const [search, username] of [
      ['STRASSE', 'Straße'],
      ['strasse.owner@example.com', 'Straße'],
      ['ünal', 'zoë_ünal'],
      ['"near"*and@x', 'near-and']
    ]) {
      const got = await searchIds(search)
      const names = got.ids.map((id) => core.services.users.byId(id)?.username)
      expect({ search, names, total: got.total }).toEqual({ search, names: [username], total: 1 })
    }
  })
})

describe('every way the search can take to a page', () => {
  // Extreme costs force one way each; every one must give the plain scan's pages.
  const walk = { ...SEARCH_COSTS, fetch: 1e12, vocab: 1e12, scanEntry: 1e12 }
  const ways = {
    usual: SEARCH_COSTS,
    'walk the sort index': walk,
    'walk, giving up at once, then gather': { ...walk, walkSlack: 0, walkReach: 0 },
    'gather the candidates, sort them': { ...SEARCH_COSTS, walkEntry: 1e12 }
  }

  it('gives the same pages and totals', () => {
    const db = core.services.db
    const now = core.clock.now()
    const problems: unknown[] = []
    for (const [way, costs] of Object.entries(ways)) {
      const list = new AccountList(db, costs)
      for (const search of ['a', 'ma', 'mar', 'maria', 'example', '.com', 'e\u0001', 'zz']) {
        const want = scan(db, search)
        for (const direction of ['asc', 'desc'] as const) {
          const ordered = direction === 'asc' ? want : [...want].reverse()
          for (const offset of [0, 100, 950, 1500, 2450]) {
            const page = list.page(
              {
                words: searchWords(search),
                show: 'all',
                sort: 'username',
                direction,
                offset,
                limit: 50
              },
              now
            )
            const ids = page.rows.map((row) => row.id)
            const totalOk = page.totalIsLowerBound
              ? want.length > ACCOUNT_TOTAL_CAP && page.total >= ACCOUNT_TOTAL_CAP && page.total <= want.length
              : page.total === want.length
            if (!totalOk || JSON.stringify(ids) !== JSON.stringify(ordered.slice(offset, offset + 50))) {
              problems.push({ way, search, direction, offset, total: page.total, want: want.length })
            }
          }
        }
      }
    }
    expect(problems).toEqual([])
  })
})

describe('a word every match begins, sorted by name or email', () => {
  it('pages through the keys that begin with it, total exact, and no longer once a match has it further in', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-prefix-'))
    const db = openDatabase(dataDir)
    const insert = db.prepare(
      'INSERT INTO users (username, username_key, email, email_key, created_at) VALUES (?, ?, ?, ?, 0)'
    )
    const add = (username: string, email: string) =>
      insert.run(username, usernameKey(username), email, email.toLowerCase())
    try {
      // More than the cap begin with the word, in the name and the email alike; others are near it.
      db.transaction(() => {
        for (let i = 0; i < ACCOUNT_TOTAL_CAP + 300; i++) add(`Prefixé.${i}`, `prefixe.${i}@x.example`)
        for (let i = 0; i < 400; i++) add(`prefix${i}`, `prefix${i}@y.example`)
      })()
      // Walking is cheap here; these costs make the search gather, which tries the range first.
      const gathering = new AccountList(db, { ...SEARCH_COSTS, walkEntry: 1e12 })
      const check = (want: number) => {
        const problems: unknown[] = []
        for (const [way, list] of [
          ['usual', new AccountList(db)],
          ['gathering', gathering]
        ] as const) {
          for (const sort of ['username', 'email'] as const) {
            const ordered = plainOrder(db, 'prefixe', sort)
            expect(ordered).toHaveLength(want)
            for (const direction of ['asc', 'desc'] as const) {
              const ids = direction === 'asc' ? ordered : [...ordered].reverse()
              for (const offset of [0, 640, want - 30]) {
                const words = searchWords('PREFIXÉ')
                const page = list.page({ words, show: 'all', sort, direction, offset, limit: 50 }, 0)
                const rowsOk =
                  JSON.stringify(page.rows.map((row) => row.id)) === JSON.stringify(ids.slice(offset, offset + 50))
                const totalOk = page.totalIsLowerBound
                  ? page.total >= ACCOUNT_TOTAL_CAP && page.total <= want
                  : page.total === want
                if (!rowsOk || !totalOk) problems.push({ way, sort, direction, offset, total: page.total })
              }
            }
          }
        }
        expect(problems).toEqual([])
      }
      const first = {
        words: ['prefixe'],
        show: 'all' as const,
        sort: 'email' as const,
        direction: 'desc' as const,
        offset: 0,
        limit: 1
      }
      check(ACCOUNT_TOTAL_CAP + 300)
      // Read from the range: the total is exact.
      expect(gathering.page(first, 0)).toMatchObject({ total: ACCOUNT_TOTAL_CAP + 300, totalIsLowerBound: false })
      // One match with the word further in, in its email only: the range no longer holds them all.
      add('zz-last', 'notprefixe@z.example')
      check(ACCOUNT_TOTAL_CAP + 301)
      expect(gathering.page(first, 0)).toMatchObject({ total: ACCOUNT_TOTAL_CAP, totalIsLowerBound: true })
    } finally {
      db.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

/** Ids of the accounts whose folded name or email holds `word`, by folded name or email, then key (bytes). */
function plainOrder(db: Db, word: string, sort: 'username' | 'email'): number[] {
  const rows = db.prepare('SELECT id, username, email FROM users').all() as {
    id: number
    username: string
    email: string
  }[]
  const key = (row: { username: string; email: string }) =>
    sort === 'username'
      ? [foldForSearch(row.username), usernameKey(row.username)]
      : [foldForSearch(row.email), row.email.toLowerCase()]
  const bytes = (text: string) => Buffer.from(text)
  return rows
    .filter((row) => foldForSearch(row.username).includes(word) || foldForSearch(row.email).includes(word))
    .sort((a, b) => {
      const [a1, a2] = key(a)
      const [b1, b2] = key(b)
      return Buffer.compare(bytes(a1), bytes(b1)) || Buffer.compare(bytes(a2), bytes(b2))
    })
    .map((row) => row.id)
}

describe('the search index stays in step with the users table', () => {
  it('is checked for real: an insert behind the triggers back is caught', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-fts-'))
    const db = openDatabase(dataDir)
    try {
      expect(searchIndexProblems(db)).toEqual([])
      db.exec('DROP TRIGGER users_search_insert; DROP TRIGGER users_count_insert')
      db.prepare(
        `INSERT INTO users (username, username_key, email, email_key, created_at) VALUES ('sly', 'sly', 'sly@x.example', 'sly@x.example', 0)`
      ).run()
      expect(searchIndexProblems(db)).toHaveLength(2)
    } finally {
      db.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('is filled, with the count, for accounts that existed before it', () => {
    // The schema before folded search: accounts written by the earlier triggers, then upgraded.
    const { dataDir, db } = databaseBefore('ADD COLUMN name_fold')
    try {
      const insert = db.prepare(
        'INSERT INTO users (username, username_key, email, email_key, created_at) VALUES (?, ?, ?, ?, 0)'
      )
      const names = ['María', 'ŁUKASZ.żak', 'josé.garcia', 'Søren', 'mark', 'Ahmed_Brown']
      for (let i = 0; i < 400; i++) {
        const username = `${names[i % names.length]}${i}`
        const email = `${username.toLowerCase()}@${i % 2 ? 'example.org' : 'example.com'}`
        insert.run(username, usernameKey(username), email, email.toLowerCase())
      }
      migrate(db)
      expect(searchIndexProblems(db)).toEqual([])
      expect(db.prepare('SELECT n FROM users_count').pluck().get()).toBe(400)
      const list = new AccountList(db)
      for (const search of ['mar', 'example.org', 'a', 'zz', 'lukasz zak', 'soren']) {
        const page = list.page(
          {
            words: searchWords(search),
            show: 'all',
            sort: 'username',
            direction: 'asc',
            offset: 0,
            limit: 500
          },
          0
        )
        expect({ search, ids: page.rows.map((row) => row.id) }).toEqual({ search, ids: scan(db, search) })
      }
    } finally {
      db.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('after sign-up, email edits by an administrator, deletion and seeding', async () => {
    const db = core.services.db
    expect(searchIndexProblems(db)).toEqual([])

    const signUp = await call(core, appWindow('w-newbie'), 'signUp', {
      ...signUpInput('newbie'),
      email: 'Newbie@Old.example'
    })
    const newbie = dataOf(signUp).user!
    expect(searchIndexProblems(db)).toEqual([])
    expect((await searchIds('old.example')).ids).toEqual([newbie.id])

    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: newbie.id, email: 'fresh.address@New.example' }))
    expect(searchIndexProblems(db)).toEqual([])
    expect((await searchIds('old.example')).ids).toEqual([])
    expect((await searchIds('new.example')).ids).toEqual([newbie.id])

    dataOf(await call(core, ADMIN, 'adminDeleteAccount', { id: newbie.id, confirmUsername: 'newbie' }))
    expect(searchIndexProblems(db)).toEqual([])
    expect((await searchIds('new.example')).ids).toEqual([])
    expect((await searchIds('newbie')).ids).toEqual([])

    const before = core.services.users.count()
    seedAccounts(db, { users: 300, passwordHash: null, now: core.clock.now(), seed: 7 })
    expect(searchIndexProblems(db)).toEqual([])
    expect(
      dataOf(
        await call(core, ADMIN, 'adminListAccounts', {
          search: '',
          sort: 'username',
          direction: 'asc',
          offset: 0,
          limit: 1
        })
      ).total
    ).toBe(before + 300)
  })

  it('after a seeding process is killed mid-write: nothing of it stays', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-seed-kill-'))
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ passwordHashing: CHEAP_HASHING }))
    const before = openDatabase(dataDir)
    seedAccounts(before, { users: 500, passwordHash: null, now: core.clock.now(), seed: 3 })
    before.close()
    const asked = 400_000
    // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild a kill would miss.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/seed.ts', '--users', String(asked), '--data-dir', dataDir],
      {
        cwd: ROOT,
        stdio: 'ignore'
      }
    )
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)))
    const watcher = new Database(join(dataDir, DATABASE_FILE_NAME))
    try {
      // Killed once its one transaction holds the write lock: the seed writes nothing else first.
      watcher.pragma('busy_timeout = 0')
      while (!holdsWriteLock(watcher)) await new Promise((wait) => setTimeout(wait, 20))
      child.kill('SIGKILL')
      expect(await exited).toBe('SIGKILL')
    } finally {
      watcher.close()
    }

    const db = openDatabase(dataDir)
    try {
      expect(db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(500)
      expect(searchIndexProblems(db)).toEqual([])
      // The load had dropped the sort indexes to build them again at its end: they are back.
      const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").pluck().all()
      expect(indexes).toEqual(expect.arrayContaining(SORT_INDEXES))
      // The folder takes writes again, the search index with them.
      seedAccounts(db, { users: 200, passwordHash: null, now: core.clock.now(), seed: 4 })
      expect(db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(700)
      expect(searchIndexProblems(db)).toEqual([])
    } finally {
      db.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

/** Whether another connection holds the database's write lock (this one may not begin an immediate transaction). */
function holdsWriteLock(db: Db): boolean {
  try {
    db.exec('BEGIN IMMEDIATE; ROLLBACK')
    return false
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error
    return true
  }
}
