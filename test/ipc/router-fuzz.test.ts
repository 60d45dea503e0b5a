import { createHash } from 'node:crypto'
import fc from 'fast-check'
import type { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { usernameKey } from '../../src/main/core/accounts/identity'
import type { CallerContext } from '../../src/main/ipc/caller'
import { CHANNEL_NAMES, type ChannelName } from '../../src/shared/channels'
import { contract } from '../../src/shared/contract'
import { dataOf } from '../helpers/accounts'
import {
  appWindow,
  mailLogWindow,
  makeTestCore,
  signUpInput,
  STRONG_PASSWORD,
  withFirstAdmin,
  type TestCore
} from '../helpers/core'

/**
 * Random payloads through the real router, from each kind of caller: a guest window, a signed-in
 * user's window, an administrator's window and the Mail log window. Every answer must be a
 * well-formed Result, never an internal error, and a refused call must change nothing but the
 * audit trail and the failed-login counters.
 */

/**
 * 300 payloads per channel and caller keep `npm test` inside CI's budget on two cores;
 * `FUZZ_RUNS=5000 npm run test:unit -- test/ipc/router-fuzz.test.ts` digs deeper.
 */
const RUNS_PER_CHANNEL_AND_CALLER = Number(process.env.FUZZ_RUNS ?? 300)

/**
 * Tables a refused call may change: the audit trail records refusals, and the failed-login
 * counters count them. A new table of counters (a throttle) belongs here too.
 */
const COUNTER_TABLES = new Set(['audit_events', 'login_throttle', 'attempt_failures', 'throttle_pauses'])

/** Failure counters inside other tables: a wrong reset code counts against its code. */
const COUNTER_COLUMNS: Record<string, readonly string[]> = { reset_codes: ['failed_attempts'] }

const logged: string[] = []
let core: TestCore
let strongHash: string

beforeAll(async () => {
  core = makeTestCore({}, { logError: (message) => logged.push(message) })
  await withFirstAdmin(core)
  dataOf(await core.router.handle(appWindow('alice-window'), 'signUp', signUpInput('alice')))
  strongHash = core.services.users.byUsernameKey('alice')?.passwordHash as string
})
afterAll(() => core?.dispose())

type Role = 'guest' | 'user' | 'admin' | 'locked' | 'mail-log'

const CALLERS: Record<Role, CallerContext> = {
  guest: appWindow('guest-window'),
  user: appWindow('alice-window'),
  admin: appWindow('admin-window'),
  locked: appWindow('locked-window'),
  'mail-log': mailLogWindow('mail-log')
}

/** The `locked` caller is an administrator's window behind the Lock screen. */
const ACCOUNTS: Partial<Record<Role, { username: string; isAdmin: boolean }>> = {
  user: { username: 'alice', isAdmin: false },
  admin: { username: 'admin', isAdmin: true },
  locked: { username: 'admin', isAdmin: true }
}

/**
 * Puts the caller back in its role before each run: an earlier run may have logged it out, locked
 * its name, deactivated, demoted, deleted or renamed its account, or signed the guest window in.
 * Test set-up, done with the core's own services.
 */
async function restore(role: Role): Promise<void> {
  const { windowId } = CALLERS[role]
  const { services, router } = core
  const account = ACCOUNTS[role]
  const token = router.windows.token(windowId)
  if (!account) {
    if (token) router.windowClosed(windowId)
    return
  }
  const session = token ? services.sessions.check(token, windowId, { touch: false }) : null
  const user = session?.status === 'valid' ? services.users.byId(session.session.userId) : null
  const lockedAsItShould = session?.status === 'valid' && (session.session.lockedAt !== null) === (role === 'locked')
  const intact =
    lockedAsItShould &&
    user?.username === account.username &&
    user.isActive &&
    user.isAdmin === account.isAdmin &&
    !user.mustChangePassword
  if (intact) return
  // A session locked by an earlier run (or the locked caller's) goes, so locked ones do not pile up.
  if (token) router.windowClosed(windowId)

  const key = usernameKey(account.username)
  if (!services.users.byUsernameKey(key)) {
    await services.accounts.createAccount(signUpInput(account.username), { isAdmin: account.isAdmin })
  }
  services.db
    .prepare(
      'UPDATE users SET is_active = 1, is_admin = ?, must_change_password = 0, password_hash = ? WHERE username_key = ?'
    )
    .run(account.isAdmin ? 1 : 0, strongHash, key)
  services.lockout.clear(key)
  dataOf(await router.handle(CALLERS[role], 'logIn', { identifier: account.username, password: STRONG_PASSWORD }))
  // The administrator's window has confirmed the password (Confirm it's you), so sensitive changes get through.
  dataOf(await router.handle(CALLERS[role], 'reauthenticate', { password: STRONG_PASSWORD }))
  if (role === 'locked') dataOf(await router.handle(CALLERS[role], 'lockSession', {}))
}

let digest: { changes: number; sums: Map<string, string> } | null = null

/**
 * A digest of every row of every table but the counters, by table. Recomputed only when the
 * connection has written a row since the last one (SQLite's total_changes()), so the many runs
 * the parser refuses cost no full read of the database.
 */
function checksums(): Map<string, string> {
  const db = core.services.db
  const changes = db.prepare('SELECT total_changes()').pluck().get() as number
  if (digest?.changes === changes) return new Map(digest.sums)
  // Full-text index tables (virtual, and their shadow tables) are derived from users, which is summed.
  const tables = db
    .prepare(
      `SELECT name FROM sqlite_master t WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND sql NOT LIKE 'CREATE VIRTUAL%'
         AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL%' AND t.name LIKE v.name || '\\_%' ESCAPE '\\')
       ORDER BY name`
    )
    .pluck()
    .all() as string[]
  const sums = new Map<string, string>()
  for (const table of tables) {
    if (COUNTER_TABLES.has(table)) continue
    sums.set(
      table,
      createHash('sha256')
        .update(JSON.stringify(rowsWithoutCounters(table)))
        .digest('hex')
    )
  }
  digest = { changes, sums }
  return new Map(sums)
}

function rowsWithoutCounters(table: string): unknown[][] {
  // In a fixed order whatever the table's key (some tables have no rowid): by each row's own text.
  const statement = core.services.db.prepare(`SELECT * FROM "${table}"`).raw()
  const skip = COUNTER_COLUMNS[table] ?? []
  const keep = statement.columns().map((column, index) => (skip.includes(column.name) ? -1 : index))
  return (statement.all() as unknown[][])
    .map((row) => keep.filter((index) => index >= 0).map((index) => row[index]))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
}

/** The sessions table without the caller's own session (which a lockout may end). */
const otherSessions = (windowId: string): unknown[] =>
  core.services.db.prepare('SELECT * FROM sessions WHERE window_id != ? ORDER BY id').all(windowId)

const FIELD_NAMES = [
  'username',
  'email',
  'password',
  'passwordConfirmation',
  'identifier',
  'oldPassword',
  'newPassword',
  'newPasswordConfirmation',
  'code',
  'id',
  'search',
  'sort',
  'direction',
  'offset',
  'limit',
  'user',
  'kind',
  'confirmUsername',
  'isAdmin',
  'isActive',
  'handle',
  '__proto__',
  'constructor'
]

const fieldValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    'alice',
    'ALICE',
    'admin',
    'alice@example.com',
    STRONG_PASSWORD,
    'username',
    'asc',
    '',
    ' ',
    'ABCD-EFGH-JKMN-PQRS'
  ),
  fc.integer(),
  fc.nat({ max: 5 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.string({ minLength: 5000, maxLength: 5001 })
)

/** The field names a channel's schema expects, so that some payloads get past the parser. */
function channelFields(channel: ChannelName): string[] {
  const shape = (contract[channel].input as z.ZodObject).shape as Record<string, unknown> | undefined
  return shape ? Object.keys(shape) : []
}

/** Payloads shaped like this channel's (its fields, right or wrong types), like others', and anything at all. */
function payloadFor(channel: ChannelName) {
  const own = channelFields(channel)
  const shaped = own.length
    ? [
        {
          weight: 4,
          arbitrary: fc.record(Object.fromEntries(own.map((name) => [name, fieldValue])), { requiredKeys: [] })
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.record(Object.fromEntries(own.map((name) => [name, fieldValue]))),
              fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldValue, { maxKeys: 2 })
            )
            .map(([fields, extra]) => ({ ...extra, ...fields }))
        }
      ]
    : []
  return fc.oneof(
    ...shaped,
    { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldValue, { maxKeys: 5 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constant({}) }
  )
}

function isWellFormed(result: unknown): boolean {
  if (result === null || typeof result !== 'object') return false
  const r = result as Record<string, unknown>
  if (r.ok === true) return Object.keys(r).sort().join() === 'data,ok' && r.data !== undefined
  if (r.ok !== false) return false
  const error = r.error as Record<string, unknown> | undefined
  return (
    Object.keys(r).sort().join() === 'error,ok' &&
    typeof error?.code === 'string' &&
    /^[a-z]+(_[a-z]+)*$/.test(error.code) &&
    typeof error.message === 'string' &&
    error.message.length > 0
  )
}

const runs = new Map<string, Record<Role, number>>()
const answers = new Map<string, number>()

afterAll(() => {
  const lines = [...runs].map(
    ([channel, byRole]) =>
      `  ${channel.padEnd(26)} ${Object.entries(byRole)
        .map(([role, n]) => `${role} ${n}`)
        .join(', ')}`
  )
  console.log(`IPC fuzz: runs per channel and caller\n${lines.join('\n')}`)
  console.log(`IPC fuzz: answers ${JSON.stringify(Object.fromEntries([...answers].sort((a, b) => b[1] - a[1])))}`)
})

describe('the router under random input', () => {
  it.each(CHANNEL_NAMES)(
    `%s: ${RUNS_PER_CHANNEL_AND_CALLER} random payloads from each caller; a refusal changes nothing but counters`,
    async (channel) => {
      const started = Date.now()
      const counts: Record<Role, number> = { guest: 0, user: 0, admin: 0, locked: 0, 'mail-log': 0 }
      runs.set(channel, counts)
      for (const role of Object.keys(CALLERS) as Role[]) {
        const caller = CALLERS[role]
        await fc.assert(
          fc.asyncProperty(payloadFor(channel), async (body) => {
            await restore(role)
            const before = checksums()
            const sessionsBefore = otherSessions(caller.windowId)
            const codesBefore = channel === 'confirmPasswordReset' ? rowsWithoutCounters('reset_codes') : []
            const result = await core.router.handle(caller, channel, body)
            counts[role]++
            const outcome = result.ok ? 'ok' : result.error.code
            answers.set(outcome, (answers.get(outcome) ?? 0) + 1)

            expect(isWellFormed(result), JSON.stringify(result)).toBe(true)
            expect(JSON.stringify(result)).not.toContain('$argon2')
            if (result.ok) return
            expect(result.error.code).not.toBe('internal_error')
            const after = checksums()
            if (role === 'locked' && (contract[channel].access === 'user' || contract[channel].access === 'admin')) {
              // A locked session: every user and admin channel answers session_locked, once parsed.
              expect(['session_locked', 'invalid_input']).toContain(result.error.code)
            }
            if (result.error.code === 'locked_out') {
              // Guessing a password into a lock signs that window out, on every route that checks
              // one (Change password, Turn off two-factor, new recovery codes, Confirm it's you): only its own session goes.
              after.delete('sessions')
              before.delete('sessions')
              expect(otherSessions(caller.windowId)).toEqual(sessionsBefore)
            }
            if (result.error.code.startsWith('reset_code_')) {
              // A code that has had too many wrong tries dies; nothing else about codes changes.
              after.delete('reset_codes')
              before.delete('reset_codes')
              const left = rowsWithoutCounters('reset_codes').map((row) => JSON.stringify(row))
              const earlier = new Set(codesBefore.map((row) => JSON.stringify(row)))
              for (const row of left) expect(earlier.has(row), row).toBe(true)
            }
            expect(after, `${role} ${channel} answered ${result.error.code}`).toEqual(before)
          }),
          { numRuns: RUNS_PER_CHANNEL_AND_CALLER }
        )
      }
      console.log(`IPC fuzz: ${channel} took ${Date.now() - started} ms`)
      for (const n of Object.values(counts)) expect(n).toBeGreaterThanOrEqual(RUNS_PER_CHANNEL_AND_CALLER)
      expect(logged).toEqual([])
    },
    60_000 + RUNS_PER_CHANNEL_AND_CALLER * 60
  )

  it('answers unknown channel names and non-string channels with unknown_channel, changing nothing', async () => {
    const before = checksums()
    await fc.assert(
      fc.asyncProperty(
        fc
          .oneof(fc.string({ maxLength: 20 }), fc.anything({ maxDepth: 1 }))
          .filter((name) => !(CHANNEL_NAMES as readonly unknown[]).includes(name)),
        fc.constantFrom(...Object.values(CALLERS)),
        fc.anything({ maxDepth: 2 }),
        async (name, caller, body) => {
          const result = await core.router.handle(caller, name, body)
          expect(result).toEqual({ ok: false, error: { code: 'unknown_channel', message: expect.any(String) } })
        }
      ),
      { numRuns: 1000 }
    )
    expect(checksums()).toEqual(before)
  })

  it('refuses every payload that is not a plain object, on every channel, without touching anything', async () => {
    await restore('admin')
    const before = checksums()
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNEL_NAMES),
        fc.oneof(fc.string(), fc.integer(), fc.array(fc.anything()), fc.constant(null), fc.constant(undefined)),
        async (name, body) => {
          const caller = name === 'mailLogList' ? CALLERS['mail-log'] : CALLERS.admin
          const result = await core.router.handle(caller, name, body)
          expect(result.ok).toBe(false)
          if (!result.ok) expect(result.error.code).toBe('invalid_input')
        }
      ),
      { numRuns: 200 }
    )
    expect(checksums()).toEqual(before)
  })
})
