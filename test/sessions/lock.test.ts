import { afterEach, describe, expect, it } from 'vitest'
import { Secret, TOTP } from 'otpauth'
import { CHANNEL_NAMES, type ChannelName } from '../../src/shared/channels'
import { contract, type ChannelInput, type Contract } from '../../src/shared/contract'
import type { LockedSessionView, SessionView } from '../../src/shared/views'
import { call, dataOf, errorOf, fieldCodes } from '../helpers/accounts'
import { adminChannelInputs } from '../helpers/channel-inputs'
import {
  appWindow,
  confirmItsYou,
  makeTestCore,
  openTestCore,
  STRONG_PASSWORD,
  withUser,
  type TestCore
} from '../helpers/core'

let core: TestCore
let second: TestCore | null = null
afterEach(() => {
  second?.close()
  second = null
  core?.dispose()
})

const WRONG = 'not-the-Password-11'

const session = async (window: string, on: TestCore = core): Promise<SessionView> =>
  dataOf(await call(on, appWindow(window), 'getSession', {}))

const lock = async (window: string): Promise<SessionView> =>
  dataOf(await call(core, appWindow(window), 'lockSession', {}))

const lockedNamed = (view: SessionView, username: string): LockedSessionView => {
  const found = view.lockedSessions.find((entry) => entry.username === username)
  if (!found) throw new Error(`${username} is not in ${JSON.stringify(view.lockedSessions)}`)
  return found
}

const unlock = (window: string, handle: string, password = STRONG_PASSWORD, on: TestCore = core) =>
  call(on, appWindow(window), 'unlockSession', { handle, password })

const auditKinds = (kind: string) =>
  core.services.db.prepare('SELECT outcome, detail FROM audit_events WHERE kind = ? ORDER BY id').all(kind) as {
    outcome: string
    detail: string | null
  }[]

type UserChannel = {
  [K in ChannelName]: Contract[K]['access'] extends 'user' | 'admin' ? K : never
}[ChannelName]

/**
 * A valid input for every `user` and `admin` channel (the admin ones shared with the admin tests), so
 * only the lock can refuse it. The type
 * makes a new channel fail to compile until it has one here.
 */
function validInputs(id: number): { [K in UserChannel]: ChannelInput<K> } {
  return {
    ...adminChannelInputs(id),
    reportActivity: {},
    logOut: {},
    changePassword: {
      oldPassword: STRONG_PASSWORD,
      newPassword: 'new-Orchard-55-x',
      newPasswordConfirmation: 'new-Orchard-55-x'
    },
    twoFactorStatus: {},
    twoFactorBeginSetup: {},
    twoFactorEnable: { code: '123456' },
    twoFactorDisable: { password: STRONG_PASSWORD },
    twoFactorNewRecoveryCodes: { password: STRONG_PASSWORD },
    lockSession: {},
    reauthenticate: { password: STRONG_PASSWORD }
  }
}

describe('Lock', () => {
  it('hides the session: the window sees only the name, and main refuses every user and admin channel', async () => {
    core = makeTestCore()
    const alice = await withUser(core, 'alice')
    // The administrator's own window, locked: the admin channels are refused too.
    await confirmItsYou(core, 'admin-window')
    const view = await lock('admin-window')
    expect(view.user).toBeNull()
    expect(view.locked).toMatchObject({ username: 'admin', lockedAt: core.clock.now(), endedBecause: null })
    expect(JSON.stringify(view)).not.toContain('admin@example.com')

    const inputs = validInputs(alice.id)
    const guarded = CHANNEL_NAMES.filter(
      (name): name is UserChannel => contract[name].access === 'user' || contract[name].access === 'admin'
    )
    expect(guarded.filter((name) => !(name in inputs))).toEqual([])
    const before = core.services.db.prepare('SELECT * FROM users ORDER BY id').all()
    for (const channel of guarded) {
      const result = await call(core, appWindow('admin-window'), channel, inputs[channel] as never)
      expect(errorOf(result).code, channel).toBe('session_locked')
    }
    expect(core.services.db.prepare('SELECT * FROM users ORDER BY id').all()).toEqual(before)
    expect(auditKinds('session_locked')).toEqual([{ outcome: 'success', detail: null }])
  })

  it('unlocks with the right password into the same window, and forgets a confirmed password', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    await confirmItsYou(core, 'alice-window')
    const { locked } = await lock('alice-window')
    expect(fieldCodes(await unlock('alice-window', locked!.handle, WRONG))).toEqual({
      password: ['password_incorrect']
    })
    const opened = dataOf(await unlock('alice-window', locked!.handle))
    expect(opened.user?.username).toBe('alice')
    expect(opened.locked).toBeNull()
    expect(dataOf(await call(core, appWindow('alice-window'), 'reportActivity', {}))).toEqual({ active: true })
    // Confirm it's you was forgotten at Lock.
    expect(errorOf(await call(core, appWindow('alice-window'), 'twoFactorBeginSetup', {})).code).toBe(
      'reauthentication_required'
    )
    expect(auditKinds('unlock_failed')).toEqual([{ outcome: 'failure', detail: 'wrong password' }])
    expect(auditKinds('session_unlocked')).toHaveLength(1)
  })

  it('asks no second factor again when a two-factor user unlocks', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    const alice = appWindow('alice-window')
    await confirmItsYou(core, alice)
    const { setupKey } = dataOf(await call(core, alice, 'twoFactorBeginSetup', {}))
    const code = new TOTP({ secret: Secret.fromBase32(setupKey) }).generate({ timestamp: core.clock.now() })
    dataOf(await call(core, alice, 'twoFactorEnable', { code }))
    const { locked } = await lock('alice-window')
    const opened = dataOf(await unlock('alice-window', locked!.handle))
    expect(opened).toMatchObject({ user: { username: 'alice' }, secondFactorPending: false })
  })

  it('counts wrong unlock passwords toward the lockout; when the name locks, the locked session ends', async () => {
    core = makeTestCore({ lockout: { maxFailures: 3 } })
    await withUser(core, 'alice')
    const { locked } = await lock('alice-window')
    for (let i = 0; i < 2; i++)
      expect(errorOf(await unlock('alice-window', locked!.handle, WRONG)).code).toBe('validation_failed')
    expect(errorOf(await unlock('alice-window', locked!.handle, WRONG)).code).toBe('locked_out')
    // Gone: even the right password does not bring it back, and the window is signed out.
    expect(errorOf(await unlock('alice-window', locked!.handle)).code).toBe('locked_session_ended')
    const after = await session('alice-window')
    expect(after).toMatchObject({ user: null, locked: null, endedBecause: 'unlock_lockout' })
    expect(core.services.db.prepare('SELECT count(*) FROM sessions WHERE user_id != 1').pluck().get()).toBe(0)
    expect(auditKinds('lockout')).toHaveLength(1)
  })

  it('verifies no more passwords than the lockout allows in a Promise.all burst of unlock guesses', async () => {
    core = makeTestCore({ lockout: { maxFailures: 5 } })
    await withUser(core, 'alice')
    const { locked } = await lock('alice-window')
    const guesses = Array.from({ length: 30 }, (_, i) => unlock(`guesser-${i}`, locked!.handle, `${WRONG}-${i}`))
    const answers = await Promise.all([...guesses, unlock('late', locked!.handle)])
    const codes = answers.map((answer) => (answer.ok ? 'ok' : answer.error.code))
    expect(codes.filter((code) => code === 'validation_failed').length).toBeLessThanOrEqual(4)
    expect(codes).not.toContain('ok')
    expect(auditKinds('unlock_failed').filter((row) => row.detail === 'wrong password').length).toBeLessThanOrEqual(5)
    expect(core.services.db.prepare('SELECT count(*) FROM sessions WHERE user_id != 1').pluck().get()).toBe(0)
  })
})

describe('Switch user', () => {
  it('leaves the session locked, shows it in every guest window, and the next person signs in as usual', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    await lock('alice-window')
    const switched = dataOf(await call(core, appWindow('alice-window'), 'switchUser', {}))
    expect(switched).toMatchObject({ user: null, locked: null })
    expect(switched.lockedSessions.map((entry) => entry.username)).toEqual(['alice'])
    expect((await session('another-window')).lockedSessions.map((entry) => entry.username)).toEqual(['alice'])

    await withUser(core, 'bob', 'alice-window')
    expect((await session('alice-window')).user?.username).toBe('bob')
    // Alice's session is still there, locked; Bob's window cannot see it beyond the list.
    const { lockedSessions } = await session('guest-window')
    const alice = lockedNamed({ lockedSessions } as SessionView, 'alice')
    expect(JSON.stringify(lockedSessions)).not.toContain('alice@example.com')
    const opened = dataOf(await unlock('guest-window', alice.handle))
    expect(opened.user?.username).toBe('alice')
  })

  it('switches straight from an open session by locking it first', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    const switched = dataOf(await call(core, appWindow('alice-window'), 'switchUser', {}))
    expect(switched.lockedSessions.map((entry) => entry.username)).toEqual(['alice'])
  })

  it('keeps at most sessions.maxLockedSessions; the oldest ends and learns why at its next unlock', async () => {
    core = makeTestCore({ sessions: { maxLockedSessions: 2 } })
    for (const name of ['ann', 'ben', 'cat']) {
      await withUser(core, name)
      await lock(`${name}-window`)
      await call(core, appWindow(`${name}-window`), 'switchUser', {})
      core.clock.advanceSeconds(1)
    }
    const list = (await session('guest')).lockedSessions
    expect(list.map((entry) => [entry.username, entry.endedBecause])).toEqual([
      ['ann', 'locked_limit'],
      ['ben', null],
      ['cat', null]
    ])
    const ended = errorOf(await unlock('guest', lockedNamed({ lockedSessions: list } as SessionView, 'ann').handle))
    expect(ended.code).toBe('locked_session_ended')
    expect(ended.message).toMatch(/more locked sessions/)
    expect((await session('guest')).lockedSessions.map((entry) => entry.username)).toEqual(['ben', 'cat'])
  })

  it('past the limit ends the first locked even when every lock came in the same millisecond (the system sleeping)', async () => {
    core = makeTestCore({ sessions: { maxLockedSessions: 2 } })
    for (const name of ['ann', 'ben', 'cat', 'dan']) {
      await withUser(core, name)
      await lock(`${name}-window`)
    }
    const list = (await session('guest')).lockedSessions
    expect(list.map((entry) => [entry.username, entry.endedBecause])).toEqual([
      ['ann', 'locked_limit'],
      ['ben', 'locked_limit'],
      ['cat', null],
      ['dan', null]
    ])
  })

  it('ends a locked session at its absolute lifetime', async () => {
    core = makeTestCore({ sessions: { lifetimeInSeconds: 3600, idleTimeoutInSeconds: 600 } })
    await withUser(core, 'alice')
    const { locked } = await lock('alice-window')
    core.clock.advanceSeconds(3000)
    // Locked, so idle time does not end it.
    expect((await session('guest')).lockedSessions).toHaveLength(1)
    core.clock.advanceSeconds(601)
    expect((await session('guest')).lockedSessions).toEqual([])
    expect(errorOf(await unlock('guest', locked!.handle)).code).toBe('locked_session_ended')
  })

  it('shares the list with a second process on the same data folder, which can unlock it', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    await lock('alice-window')
    second = openTestCore(core.dataDir, {}, { clock: core.clock })
    const { lockedSessions } = await session('other-process-window', second)
    expect(lockedSessions.map((entry) => entry.username)).toEqual(['alice'])
    const opened = dataOf(await unlock('other-process-window', lockedSessions[0].handle, STRONG_PASSWORD, second))
    expect(opened.user?.username).toBe('alice')
    // The first window's token opens nothing now: the session moved, with a new secret.
    expect((await session('alice-window')).user).toBeNull()
    expect((await session('guest')).lockedSessions).toEqual([])
  })
})

describe('Idle', () => {
  it('locks an idle session by default (sessions.idleAction "lock")', async () => {
    core = makeTestCore({ sessions: { idleTimeoutInSeconds: 600 } })
    await withUser(core, 'alice')
    core.clock.advanceSeconds(601)
    expect(errorOf(await call(core, appWindow('alice-window'), 'reportActivity', {})).code).toBe('session_locked')
    const view = await session('alice-window')
    expect(view).toMatchObject({ user: null, locked: { username: 'alice' }, idleAction: 'lock' })
    expect(auditKinds('session_locked')).toEqual([{ outcome: 'success', detail: 'idle' }])
    expect(dataOf(await unlock('alice-window', view.locked!.handle)).user?.username).toBe('alice')
  })

  it('logs an idle session out with sessions.idleAction "logOut"', async () => {
    core = makeTestCore({ sessions: { idleTimeoutInSeconds: 600, idleAction: 'logOut' } })
    await withUser(core, 'alice')
    core.clock.advanceSeconds(601)
    expect(errorOf(await call(core, appWindow('alice-window'), 'reportActivity', {})).code).toBe('not_signed_in')
    expect(await session('alice-window')).toMatchObject({
      user: null,
      locked: null,
      endedBecause: 'idle',
      lockedSessions: []
    })
  })

  it('locks every open session when the computer locks (sessionLocks.lockAll)', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    await withUser(core, 'bob')
    expect(core.services.sessionLocks.lockAll()).toBe(3)
    for (const window of ['admin-window', 'alice-window', 'bob-window']) {
      expect((await session(window)).locked).not.toBeNull()
    }
    expect(auditKinds('session_locked').map((row) => row.detail)).toEqual(
      Array(3).fill('the computer locked or went to sleep')
    )
  })
})

describe('Sessions, seen', () => {
  it('tells the Dashboard when the user last signed in, and whether from another window', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    expect((await session('alice-window')).lastSignedIn).toBeNull()
    const first = core.clock.now()
    core.clock.advanceSeconds(60)
    dataOf(await call(core, appWindow('second-window'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD }))
    expect((await session('second-window')).lastSignedIn).toEqual({ at: first, fromAnotherWindow: true })
  })

  it('lists every session for an administrator, Active or Locked, and ends one with its reason told', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    await withUser(core, 'bob')
    await lock('bob-window')
    const admin = appWindow('admin-window')
    const rows = dataOf(await call(core, admin, 'adminListSessions', {}))
    expect(rows.map((row) => [row.username, row.state, row.thisWindow])).toEqual([
      ['admin', 'active', true],
      ['alice', 'active', false],
      ['bob', 'locked', false]
    ])
    expect(JSON.stringify(rows)).not.toMatch(/example\.com/)
    const alice = rows.find((row) => row.username === 'alice')!
    expect(errorOf(await call(core, appWindow('alice-window'), 'adminListSessions', {})).code).toBe('forbidden')
    dataOf(await call(core, admin, 'adminEndSession', { handle: alice.handle }))
    expect(await session('alice-window')).toMatchObject({ user: null, endedBecause: 'ended_by_admin' })
    expect(auditKinds('session_ended_by_admin')).toHaveLength(1)
    expect(errorOf(await call(core, admin, 'adminEndSession', { handle: alice.handle })).code).toBe('not_found')
  })
})
