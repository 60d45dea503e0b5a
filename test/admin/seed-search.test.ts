import { localDate } from '../../src/main/core/admin/expiry'
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEEDED_PASSWORD, seedAccounts } from '../../scripts/lib/seed-accounts'
import { emailKey, usernameKey } from '../../src/main/core/accounts/identity'
import { ACCOUNT_TOTAL_CAP, AccountList, SEARCH_COSTS } from '../../src/main/db/account-list-repository'
import { foldForSearch, searchWords } from '../../src/main/db/search-fold'
import type { AccountRow } from '../../src/shared/admin-views'
import type { ChannelInput } from '../../src/shared/contract'
import { call, dataOf } from '../helpers/accounts'
import { appWindow, CHEAP_HASHING, makeTestCore, openTestCore, withFirstAdmin, type TestCore } from '../helpers/core'

const ROOT = resolve(__dirname, '../..')
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs')
const ADMIN = appWindow('admin-window')
const SEEDED = 3000

type ListInput = ChannelInput<'adminListAccounts'>
type Sort = ListInput['sort']

interface Reference extends AccountRow {
  usernameKey: string
  emailKey: string
  nameFold: string
  emailFold: string
}

let core: TestCore
let everyone: Reference[]

beforeAll(async () => {
  core = makeTestCore()
  await withFirstAdmin(core)
  const report = seedAccounts(core.services.db, { users: SEEDED, passwordHash: null, now: core.clock.now() })
  expect(report.inserted).toBe(SEEDED)
  // A few locked-out names, so the locked column is checked too.
  for (const id of [5, 50, 500]) {
    const key = core.services.db.prepare('SELECT username_key FROM users WHERE id = ?').pluck().get(id) as string
    for (let i = 0; i < 5; i++) {
      core.services.lockout.admit(key)
      core.services.lockout.fail(key)
    }
  }
  // Two-factor on for a third of the accounts, so its column and Show filter divide them.
  core.services.db
    .prepare("INSERT INTO two_factor (user_id, sealed_key, enabled_at) SELECT id, x'00', 1 FROM users WHERE id % 3 = 0")
    .run()
  everyone = referenceRows()
})

afterAll(() => core?.dispose())

/** The whole users table as the console should show it, read the plain way. */
function referenceRows(): Reference[] {
  const now = core.clock.now()
  const rows = core.services.db
    .prepare(
      `SELECT u.*, t.locked_until, f.enabled_at AS two_factor_at FROM users u
       LEFT JOIN login_throttle t ON t.username_key = u.username_key LEFT JOIN two_factor f ON f.user_id = u.id`
    )
    .all() as {
    id: number
    username: string
    email: string
    is_admin: number
    is_active: number
    locked_until: number | null
    last_login_at: number | null
    created_at: number
    two_factor_at: number | null
    expires_on: string | null
  }[]
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    email: row.email,
    isAdmin: row.is_admin === 1,
    isActive: row.is_active === 1,
    isLocked: row.locked_until !== null && row.locked_until > now,
    lastLoginAt: row.last_login_at,
    joinedAt: row.created_at,
    expiresOn: row.expires_on,
    isExpired: row.expires_on !== null && row.expires_on <= localDate(now),
    twoFactor: row.two_factor_at !== null,
    usernameKey: usernameKey(row.username),
    emailKey: emailKey(row.email),
    nameFold: foldForSearch(row.username),
    emailFold: foldForSearch(row.email)
  }))
}

/** SQLite compares text by its UTF-8 bytes and puts NULL first. */
function compareValues(a: string | number | boolean | null, b: string | number | boolean | null): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b))
  return Number(a) < Number(b) ? -1 : 1
}

const sortValue: Record<Sort, (row: Reference) => string | number | boolean | null> = {
  username: (row) => row.nameFold,
  email: (row) => `${row.emailFold}\u0000${row.emailKey}`,
  isAdmin: (row) => row.isAdmin,
  isActive: (row) => row.isActive,
  isLocked: (row) => row.isLocked,
  twoFactor: (row) => row.twoFactor,
  lastLoginAt: (row) => row.lastLoginAt,
  joinedAt: (row) => row.joinedAt
}

/** What the console must answer, computed the straightforward way. */
function expected(search: string, sort: Sort, direction: 'asc' | 'desc'): AccountRow[] {
  const words = searchWords(search)
  const sign = direction === 'asc' ? 1 : -1
  return everyone
    .filter((row) => words.every((word) => row.nameFold.includes(word) || row.emailFold.includes(word)))
    .sort(
      (a, b) =>
        sign *
        (compareValues(sortValue[sort](a), sortValue[sort](b)) ||
          compareValues(a.nameFold, b.nameFold) ||
          compareValues(a.usernameKey, b.usernameKey))
    )
    .map(({ usernameKey: _name, emailKey: _email, nameFold: _nameFold, emailFold: _emailFold, ...row }) => row)
}

/**
 * The total the console reports: exact up to the cap. Above it, either exact or "at least"
 * a number no greater than the truth, at least the cap, and past the rows shown when more follow.
 */
function totalProblem(
  page: { total: number; totalIsLowerBound: boolean },
  want: readonly AccountRow[],
  offset: number,
  limit: number
) {
  if (!page.totalIsLowerBound) return page.total === want.length ? null : `total ${page.total}, want ${want.length}`
  if (want.length <= ACCOUNT_TOTAL_CAP) return `"at least ${page.total}" for ${want.length} matches`
  const shownEnd = Math.min(offset + limit, want.length)
  const floor = shownEnd < want.length && offset < want.length ? shownEnd + 1 : 0
  const ok = page.total >= ACCOUNT_TOTAL_CAP && page.total <= want.length && page.total >= floor
  return ok ? null : `"at least ${page.total}" for ${want.length} matches at offset ${offset}`
}

async function list(input: ListInput) {
  return dataOf(await call(core, ADMIN, 'adminListAccounts', input))
}

const SEARCHES = [
  '',
  'mar',
  'MAR',
  'garcía',
  'GARCÍA',
  'JOSÉ',
  'Zoë',
  'example.org',
  '_',
  '.',
  '12',
  ' rossi ',
  'zz-none',
  // accents and special letters folded away, several words each matching name or email
  'jose',
  'fernandez',
  'zak',
  'lukasz',
  'soren',
  'ahmed brown',
  'Brown AHMED',
  'jose garcia',
  'o ma'
]
const SORTS: Sort[] = ['username', 'email', 'isAdmin', 'isActive', 'isLocked', 'twoFactor', 'lastLoginAt', 'joinedAt']

describe('the seeded database', () => {
  it('holds distinct, realistic accounts, some administrators and some deactivated', () => {
    expect(everyone).toHaveLength(SEEDED + 1)
    expect(new Set(everyone.map((row) => row.usernameKey)).size).toBe(everyone.length)
    expect(new Set(everyone.map((row) => row.emailKey)).size).toBe(everyone.length)
    expect(everyone.filter((row) => row.isAdmin).length).toBeGreaterThan(1)
    expect(everyone.filter((row) => !row.isActive).length).toBeGreaterThan(10)
    expect(everyone.some((row) => [...row.username].some((char) => char.charCodeAt(0) > 0x7f))).toBe(true)
    expect(everyone.some((row) => row.username !== row.username.toLowerCase())).toBe(true)
  })
})

describe('Accounts console search on a seeded database', () => {
  it('finds by substring of username or email, ignoring case, in every sort order', async () => {
    for (const search of SEARCHES) {
      for (const sort of SORTS) {
        for (const direction of ['asc', 'desc'] as const) {
          const want = expected(search, sort, direction)
          const page = await list({ search, sort, direction, offset: 0, limit: 100 })
          expect({ search, sort, direction, problem: totalProblem(page, want, 0, 100) }).toEqual({
            search,
            sort,
            direction,
            problem: null
          })
          expect(page.rows).toEqual(want.slice(0, 100))
        }
      }
    }
  })

  it('pages through a whole result without gaps or repeats', async () => {
    for (const [search, sort] of [
      ['a', 'lastLoginAt'],
      ['', 'isActive'],
      ['example.net', 'email']
    ] as const) {
      const want = expected(search, sort, 'desc')
      const seen: AccountRow[] = []
      for (let offset = 0; offset < want.length + 97; offset += 97) {
        const page = await list({ search, sort, direction: 'desc', offset, limit: 97 })
        expect({ offset, problem: totalProblem(page, want, offset, 97) }).toEqual({ offset, problem: null })
        seen.push(...page.rows)
      }
      expect(seen).toEqual(want)
    }
  })

  it('filters by Show in main, with the search, in every sort, paging by Locked too', async () => {
    const shows = {
      locked: (row: AccountRow) => row.isLocked,
      deactivated: (row: AccountRow) => !row.isActive,
      admins: (row: AccountRow) => row.isAdmin,
      twoFactorOff: (row: AccountRow) => !row.twoFactor
    }
    for (const [show, keep] of Object.entries(shows) as [keyof typeof shows, (row: AccountRow) => boolean][]) {
      for (const search of ['', 'a', 'maria']) {
        for (const sort of ['username', 'isLocked', 'joinedAt'] as const) {
          const want = expected(search, sort, 'desc').filter(keep)
          const page = await list({ search, show, sort, direction: 'desc', offset: 0, limit: 60 })
          expect({ show, search, sort, problem: totalProblem(page, want, 0, 60) }).toEqual({
            show,
            search,
            sort,
            problem: null
          })
          expect(page.rows).toEqual(want.slice(0, 60))
        }
      }
    }
    for (const direction of ['asc', 'desc'] as const) {
      const want = expected('', 'isLocked', direction)
      for (const offset of [0, 1, 2, want.length - 2, want.length - 1]) {
        const page = await list({ search: '', sort: 'isLocked', direction, offset, limit: 2 })
        expect({ direction, offset, ids: page.rows.map((row) => row.id) }).toEqual({
          direction,
          offset,
          ids: want.slice(offset, offset + 2).map((row) => row.id)
        })
      }
    }
  })

  it('shows the locked accounts as locked', async () => {
    const page = await list({ search: '', sort: 'username', direction: 'asc', offset: 0, limit: 500 })
    const locked = (await Promise.all([5, 50, 500].map((id) => call(core, ADMIN, 'adminGetAccount', { id })))).map(
      (result) => dataOf(result)
    )
    expect(locked.every((account) => account.isLocked && account.lockedUntil !== null)).toBe(true)
    expect(page.rows.filter((row) => row.isLocked).every((row) => [5, 50, 500].includes(row.id))).toBe(true)
  })
})

describe('every way the search can take to a page, for every sort and Show filter', () => {
  // Extreme costs force one way each.
  const walk = { ...SEARCH_COSTS, fetch: 1e12, vocab: 1e12, scanEntry: 1e12 }
  const ways = {
    usual: SEARCH_COSTS,
    'walk the sort index': walk,
    'walk, stopping at the key bound of its estimate': { ...walk, walkSlack: 0, walkReach: 1 },
    'walk, giving up at once, then gather': { ...walk, walkSlack: 0, walkReach: 0 },
    'gather from the cheapest source': { ...SEARCH_COSTS, walkEntry: 1e12 },
    "gather from a flag's block or every row": {
      ...SEARCH_COSTS,
      walkEntry: 1e12,
      fetch: 1e12,
      vocab: 1e12,
      scanEntry: 0
    }
  }
  const shows = {
    all: () => true,
    locked: (row: AccountRow) => row.isLocked,
    deactivated: (row: AccountRow) => !row.isActive,
    admins: (row: AccountRow) => row.isAdmin,
    twoFactorOff: (row: AccountRow) => !row.twoFactor
  }
  // More than the cap for the trigram index (example, .com), its term list (a, o ma) and flags.
  const searches = ['', 'a', 'mar', 'maria', 'o ma', 'example', '.com', 'example.org', '_', 'x\u0001']

  // Over ten thousand pages, each checked against the scan: a busy machine needs more than the default time.
  it(
    "gives the plain scan's rows in its order, and a total that is exact or at least the cap",
    { timeout: 120_000 },
    () => {
      const now = core.clock.now()
      const problems: unknown[] = []
      const lists = Object.entries(ways).map(([way, costs]) => ({
        way,
        list: new AccountList(core.services.db, costs)
      }))
      for (const search of searches) {
        const words = searchWords(search)
        for (const sort of SORTS) {
          for (const direction of ['asc', 'desc'] as const) {
            const ordered = expected(search, sort, direction)
            for (const [show, keep] of Object.entries(shows) as [keyof typeof shows, (row: AccountRow) => boolean][]) {
              const want = ordered.filter(keep)
              for (const { way, list } of lists) {
                for (const offset of [0, 70, 1100]) {
                  const page = list.page({ words, show, sort, direction, offset, limit: 50 }, now)
                  const problem = totalProblem(page, want, offset, 50)
                  const rowsOk = isDeepStrictEqual(page.rows, want.slice(offset, offset + 50))
                  if (problem || !rowsOk) problems.push({ way, search, sort, direction, show, offset, problem, rowsOk })
                }
              }
            }
          }
        }
      }
      expect(problems.slice(0, 10)).toEqual([])
    }
  )
})

// Real `tsx` processes: a busy machine needs more than the default time.
describe('npm run seed', { timeout: 120_000 }, () => {
  let dataDir: string
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-seed-'))
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ passwordHashing: CHEAP_HASHING }))
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('adds the accounts asked for, all with the printed password, and they can log in', async () => {
    const result = spawnSync(process.execPath, [TSX, 'scripts/seed.ts', '--users', '300', '--data-dir', dataDir], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('Added 300 accounts')
    expect(result.stdout).toContain(`password: ${SEEDED_PASSWORD}`)

    const seeded = openTestCore(dataDir)
    try {
      expect(seeded.services.users.count()).toBe(300)
      const name = seeded.services.db
        .prepare('SELECT username FROM users WHERE is_active = 1 ORDER BY id DESC LIMIT 1')
        .pluck()
        .get() as string
      const login = await call(seeded, appWindow('w'), 'logIn', { identifier: name, password: SEEDED_PASSWORD })
      expect(dataOf(login).user?.username).toBe(name)
    } finally {
      seeded.close()
    }
  })

  it('refuses a missing or bad --users with a message and exit status 1, adding nobody', async () => {
    const runs = [[], ['--users', 'lots'], ['--users', '0'], ['--users', '5', '--bogus']].map(
      (args) =>
        new Promise<{ args: string[]; status: number | null; stderr: string }>((done) => {
          execFile(
            process.execPath,
            [TSX, 'scripts/seed.ts', ...args, '--data-dir', dataDir],
            { cwd: ROOT },
            (error, _out, stderr) => done({ args, status: error ? (error.code as number) : 0, stderr })
          )
        })
    )
    for (const { args, status, stderr } of await Promise.all(runs)) {
      expect({ args, status }).toEqual({ args, status: 1 })
      expect(stderr).toMatch(/--users|Unknown option/)
    }
    const seeded = openTestCore(dataDir)
    expect(seeded.services.users.count()).toBe(300)
    seeded.close()
  })
})
