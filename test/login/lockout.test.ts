import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { handlers } from '../../src/main/ipc/handlers'
import { createRouter, type Router } from '../../src/main/ipc/router'
import type { Result } from '../../src/shared/result'
import type { SessionView } from '../../src/shared/views'
import {
  accountsWithHasher,
  call,
  CountingHasher,
  dataOf,
  errorOf,
  signInWithHasher,
  usersTable
} from '../helpers/accounts'
import {
  appWindow,
  CHEAP_HASHING,
  makeTestCore,
  ManualClock,
  openTestCore,
  STRONG_PASSWORD,
  withUser,
  type TestCore
} from '../helpers/core'
import { coreWithAlice, disposedAfterEach, logIn } from '../helpers/login'

const { track } = disposedAfterEach()

/** alice signed up as "Alice" (in signup-window), so case-insensitive names are tried. */
const ALICE = { name: 'Alice', window: 'signup-window' }

describe('lockout after repeated failures', () => {
  const fail = (core: TestCore, identifier: string) => logIn(core, identifier, 'wrong-password-1', 'w1')

  it('locks a known username after 5 failures in a row, even against the right password', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(errorOf(await fail(core, 'alice')).code, `attempt ${attempt}`).toBe('invalid_credentials')
    }
    const locked = errorOf(await fail(core, 'alice'))
    expect(locked).toMatchObject({ code: 'locked_out', params: { minutes: 15 } })
    expect(locked.message).toMatch(/15 minutes/)
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w1')).code).toBe('locked_out')
    expect(dataOf(await call(core, appWindow('w1'), 'getSession', {})).user).toBeNull()
  })

  it('gives an unknown username exactly the same answers, so a lock reveals nothing', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const known: unknown[] = []
    const unknown: unknown[] = []
    for (let attempt = 1; attempt <= 6; attempt++) {
      known.push(errorOf(await fail(core, 'alice')))
      unknown.push(errorOf(await fail(core, 'ghost')))
    }
    expect(unknown).toEqual(known)
    expect((unknown[5] as { code: string }).code).toBe('locked_out')
  })

  it('counts failures by username and by email against the same account', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    for (const identifier of ['alice', 'alice@example.com', 'ALICE', 'Alice@Example.com']) {
      expect(errorOf(await fail(core, identifier)).code).toBe('invalid_credentials')
    }
    expect(errorOf(await fail(core, 'alice@example.com')).code).toBe('locked_out')
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w1')).code).toBe('locked_out')
  })

  it('locks only the username that failed', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    for (let attempt = 1; attempt <= 5; attempt++) await fail(core, 'alice')
    expect(dataOf(await logIn(core, 'admin', STRONG_PASSWORD, 'w1')).user?.username).toBe('admin')
  })

  it('ends after the lock duration', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    for (let attempt = 1; attempt <= 5; attempt++) await fail(core, 'alice')
    core.clock.advanceSeconds(15 * 60 - 1)
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w1')).code).toBe('locked_out')
    core.clock.advanceSeconds(1)
    expect(dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w1')).user?.username).toBe('Alice')
  })

  it('starts a fresh count once a lock has run out', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    for (let attempt = 1; attempt <= 5; attempt++) await fail(core, 'alice')
    core.clock.advanceSeconds(15 * 60)
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(errorOf(await fail(core, 'alice')).code, `attempt ${attempt} after the lock`).toBe('invalid_credentials')
    }
    expect(errorOf(await fail(core, 'alice')).code).toBe('locked_out')
  })

  it('is reset by a successful login', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    for (let attempt = 1; attempt <= 4; attempt++) await fail(core, 'alice')
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w1'))
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(errorOf(await fail(core, 'alice')).code, `attempt ${attempt} after success`).toBe('invalid_credentials')
    }
  })

  it('follows the configured limit and duration', async () => {
    const core = track(await coreWithAlice({ lockout: { maxFailures: 2, durationInSeconds: 60 } }, ALICE))
    expect(errorOf(await fail(core, 'alice')).code).toBe('invalid_credentials')
    expect(errorOf(await fail(core, 'alice'))).toMatchObject({ code: 'locked_out', params: { minutes: 1 } })
    core.clock.advanceSeconds(60)
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w1'))
  })

  it('changes no account while refusing', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const before = usersTable(core)
    for (let attempt = 1; attempt <= 7; attempt++) await fail(core, 'alice')
    expect(usersTable(core)).toEqual(before)
  })
})

/*
 * The attacker's way in: many logins for one name at once, from many windows (or two processes
 * on one data folder), with the right password hidden somewhere in the burst. The lockout must
 * hold however the calls interleave with the verifications.
 */

const ROOT = resolve(__dirname, '../..')
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs')
const CHILD = join(ROOT, 'test/helpers/login-burst-child.ts')

const MAX_FAILURES = 5
const BURST = 30

/**
 * The core's own router and services, except that logIn/changePassword verify with a hasher
 * that counts (it still runs the real argon2id), so the test sees how many guesses were checked.
 */
function countingRouter(core: TestCore): { router: Router; hasher: CountingHasher } {
  const hasher = new CountingHasher(CHEAP_HASHING)
  const router = createRouter(
    { ...core.services, signIn: signInWithHasher(core, hasher), accounts: accountsWithHasher(core, hasher) },
    handlers,
    {
      logError: (message) => {
        throw new Error(message)
      }
    }
  )
  return { router, hasher }
}

/** `BURST` passwords for one name, all wrong except the one at `rightAt`. */
const passwords = (rightAt: number): string[] =>
  Array.from({ length: BURST }, (_, i) => (i === rightAt ? STRONG_PASSWORD : `wrong-guess-${i}-x`))

function logInAll(
  router: Router,
  identifier: string,
  guesses: string[],
  prefix = 'attacker'
): Promise<Result<unknown>[]> {
  return Promise.all(
    guesses.map((password, i) => router.handle(appWindow(`${prefix}-${i}`), 'logIn', { identifier, password }))
  )
}

/**
 * The same, arriving in small groups while earlier ones are still being verified, with some
 * finishing between groups, as calls from many windows would.
 */
async function logInStaggered(
  router: Router,
  identifier: string,
  guesses: string[],
  prefix = 'attacker'
): Promise<Result<unknown>[]> {
  const pending: Promise<Result<unknown>>[] = []
  for (const [i, password] of guesses.entries()) {
    pending.push(router.handle(appWindow(`${prefix}-${i}`), 'logIn', { identifier, password }))
    if (i % 3 === 2) await new Promise((resolve) => setTimeout(resolve, 1))
  }
  return Promise.all(pending)
}

function lockRow(core: TestCore, key: string): { failures: number; locked_until: number | null } | undefined {
  return core.services.db
    .prepare('SELECT failures, locked_until FROM login_throttle WHERE username_key = ?')
    .get(key) as { failures: number; locked_until: number | null } | undefined
}

const wrongCredentialEvents = (core: TestCore): number =>
  core.services.db
    .prepare("SELECT count(*) FROM audit_events WHERE kind = 'login' AND detail LIKE 'wrong credentials%'")
    .pluck()
    .get() as number

function expectNobodySignedIn(results: Result<unknown>[]): void {
  const codes = results.map((result) => (result.ok ? 'signed in' : result.error.code))
  expect(codes).not.toContain('signed in')
  for (const code of codes) expect(['invalid_credentials', 'locked_out']).toContain(code)
  expect(codes).toContain('locked_out')
}

describe('lockout under a burst of simultaneous logins', () => {
  for (const rightAt of [0, 3, 17, BURST - 1]) {
    it(`verifies at most ${MAX_FAILURES} passwords, and the right one (call ${rightAt + 1} of ${BURST}) does not log in`, async () => {
      const core = track(await coreWithAlice({}, ALICE))
      const { router, hasher } = countingRouter(core)

      const results = await logInAll(router, 'alice', passwords(rightAt))

      console.log(`burst of ${BURST} (right password at ${rightAt}): ${hasher.verifiedAgainst.length} verified`)
      expect(hasher.verifiedAgainst.length).toBeLessThanOrEqual(MAX_FAILURES)
      expect(wrongCredentialEvents(core)).toBeLessThanOrEqual(MAX_FAILURES)
      expectNobodySignedIn(results)
      expect(
        core.services.db.prepare('SELECT count(*) FROM sessions WHERE window_id LIKE ?').pluck().get('attacker-%')
      ).toBe(0)

      // Still locked once the burst is over, against the right password too, for the full period.
      expect(lockRow(core, 'alice')?.locked_until).toBe(core.clock.now() + 15 * 60 * 1000)
      expect(
        errorOf(await call(core, appWindow('later'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })).code
      ).toBe('locked_out')
      core.clock.advanceSeconds(15 * 60)
      expect(
        dataOf(await call(core, appWindow('later'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })).user
          ?.username
      ).toBe('Alice')
    })
  }

  it('holds when the calls arrive while earlier ones are being verified', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const { router, hasher } = countingRouter(core)
    const results = await logInStaggered(router, 'alice', passwords(BURST - 5))
    console.log(`staggered burst of ${BURST}: ${hasher.verifiedAgainst.length} verified`)
    expect(hasher.verifiedAgainst.length).toBeLessThanOrEqual(MAX_FAILURES)
    expectNobodySignedIn(results)
    expect(lockRow(core, 'alice')?.locked_until).not.toBeNull()
  })

  it('gives an unknown name no more guesses than a known one', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const { router, hasher } = countingRouter(core)
    const results = await logInAll(router, 'ghost', passwords(-1))
    expect(hasher.verifiedAgainst.length).toBeLessThanOrEqual(MAX_FAILURES)
    expectNobodySignedIn(results)
    expect(
      errorOf(await router.handle(appWindow('x'), 'logIn', { identifier: 'GHOST', password: 'another-1' })).code
    ).toBe('locked_out')
  })

  it('counts one name across two connections to the same data folder, as two processes would', async () => {
    const first = track(await coreWithAlice({}, ALICE))
    const second = openTestCore(first.dataDir, {}, { clock: first.clock })
    track(second)
    const a = countingRouter(first)
    const b = countingRouter(second)
    const guesses = passwords(20)
    const results = await Promise.all([
      logInAll(a.router, 'alice', guesses.slice(0, BURST / 2), 'first'),
      logInAll(b.router, 'alice@example.com', guesses.slice(BURST / 2), 'second')
    ])
    const verified = a.hasher.verifiedAgainst.length + b.hasher.verifiedAgainst.length
    console.log(`two connections, ${BURST} logins: ${verified} verified`)
    expect(verified).toBeLessThanOrEqual(MAX_FAILURES)
    expectNobodySignedIn(results.flat())
    expect(first.services.lockout.lockedUntil('alice')).not.toBeNull()
  })

  it('counts one name across two real processes bursting at the same moment', async () => {
    const clock = new ManualClock(Date.now())
    const core = makeTestCore({}, { clock })
    track(core)
    await withUser(core, 'alice', 'signup-window')
    const { router, hasher } = countingRouter(core)
    const guesses = passwords(7)
    const child = spawn(
      process.execPath,
      [TSX, CHILD, core.dataDir, 'ALICE', String(clock.now()), ...guesses.slice(BURST / 2)],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] }
    )
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    expect((await lines.next()).value).toBe('ready')
    child.stdin.write('go\n')
    const mine = await logInStaggered(router, 'alice', guesses.slice(0, BURST / 2))
    const theirs = JSON.parse((await lines.next()).value as string) as { verified: number; codes: string[] }
    await new Promise((resolve) => child.once('exit', resolve))

    const verified = hasher.verifiedAgainst.length + theirs.verified
    console.log(
      `two processes, ${BURST} logins: ${verified} verified (${hasher.verifiedAgainst.length} here, ${theirs.verified} there)`
    )
    expect(verified).toBeLessThanOrEqual(MAX_FAILURES)
    expectNobodySignedIn(mine)
    expect(theirs.codes).not.toContain('signed_in')
    expect(core.services.lockout.lockedUntil('alice')).not.toBeNull()
  }, 60_000)

  it('never lets a failure that finishes after the lock lift it or start a fresh count', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const { router } = countingRouter(core)
    // Five admitted wrong guesses are being verified when more arrive; all finish after the lock.
    await logInAll(router, 'alice', passwords(-1).slice(0, 12))
    const row = lockRow(core, 'alice')
    expect(row?.locked_until).toBe(core.clock.now() + 15 * 60 * 1000)
    expect(row?.failures).toBe(MAX_FAILURES)
  })

  it('lets the right password in when it finishes first and no lock came meanwhile', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const { router } = countingRouter(core)
    // Four wrong and one right at once: under the limit, so the right one signs in, as it would alone.
    const results = await logInAll(router, 'alice', passwords(2).slice(0, MAX_FAILURES - 1))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
  })
})

describe('change password under a burst of old-password guesses', () => {
  it('verifies at most the lockout limit, changes nothing, and signs the guessing window out', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const { router, hasher } = countingRouter(core)
    dataOf(await router.handle(appWindow('thief'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD }))
    hasher.verifiedAgainst.length = 0
    const hashBefore = core.services.users.byUsernameKey('alice')?.passwordHash

    const results = await Promise.all(
      passwords(12).map((oldPassword) =>
        router.handle(appWindow('thief'), 'changePassword', {
          oldPassword,
          newPassword: 'copper-Lantern-58-softly',
          newPasswordConfirmation: 'copper-Lantern-58-softly'
        })
      )
    )
    expect(hasher.verifiedAgainst.length).toBeLessThanOrEqual(MAX_FAILURES)
    expect(results.filter((result) => result.ok)).toHaveLength(0)
    expect(core.services.users.byUsernameKey('alice')?.passwordHash).toBe(hashBefore)
    expect((dataOf(await router.handle(appWindow('thief'), 'getSession', {})) as SessionView).user).toBeNull()
    expect(
      errorOf(await router.handle(appWindow('x'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })).code
    ).toBe('locked_out')
  })
})
