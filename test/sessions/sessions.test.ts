import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { call, dataOf, errorOf, rawDatabaseBytes } from '../helpers/accounts'
import { appWindow, STRONG_PASSWORD, type TestCore } from '../helpers/core'
import { coreWithAlice, logIn } from '../helpers/login'
import type { SettingsInput } from '../../src/main/core/settings/load-settings'

let core: TestCore
afterEach(() => core?.dispose())

const minutes = (n: number): number => n * 60

/** Idle time signs out here (`logOut`); test/sessions/lock.test.ts covers the default, `lock`. */
const aliceCore = (
  settings: SettingsInput = {},
  options: Parameters<typeof coreWithAlice>[1] = {}
): Promise<TestCore> =>
  coreWithAlice({ ...settings, sessions: { idleAction: 'logOut', ...settings.sessions } }, options)

const session = async (windowId = 'w1') => dataOf(await call(core, appWindow(windowId), 'getSession', {}))
/** The person did something in the window (getSession alone is the UI polling, not activity). */
const act = async (windowId = 'w1') => dataOf(await call(core, appWindow(windowId), 'reportActivity', {}))
const sessionRows = () => core.services.db.prepare('SELECT * FROM sessions').all() as Record<string, unknown>[]

describe('log out', () => {
  it('ends the session: the window is a guest and the old token is worthless', async () => {
    core = await aliceCore({}, { window: 'w1' })
    const token = core.router.windows.token('w1')!
    const result = dataOf(await call(core, appWindow('w1'), 'logOut', {}))
    expect(result).toMatchObject({ user: null, endedBecause: null })
    expect(await session('w1')).toMatchObject({ user: null, endedBecause: null })
    expect(core.services.sessions.check(token, 'w1')).toEqual({ status: 'ended', reason: 'revoked' })

    // Even if the old token were put back for that window, it opens nothing.
    core.router.windows.bind('w1', token)
    expect((await session('w1')).user).toBeNull()
    expect(
      errorOf(
        await call(core, appWindow('w1'), 'changePassword', {
          oldPassword: STRONG_PASSWORD,
          newPassword: 'another-Strong-pass-77',
          newPasswordConfirmation: 'another-Strong-pass-77'
        })
      ).code
    ).toBe('not_signed_in')
  })

  it('ends only that window’s session', async () => {
    core = await aliceCore({}, { window: 'w1' })
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w2'))
    dataOf(await call(core, appWindow('w1'), 'logOut', {}))
    expect((await session('w2')).user?.username).toBe('alice')
  })

  it('when the window closes, its session ends too', async () => {
    core = await aliceCore({}, { window: 'w1' })
    const token = core.router.windows.token('w1')!
    core.router.windowClosed('w1')
    expect(core.services.sessions.check(token, 'w1').status).toBe('ended')
    expect(sessionRows()).toHaveLength(1)
  })
})

describe('idle timeout and expiry', () => {
  it('signs a window out after 15 idle minutes by default and says why, once', async () => {
    core = await aliceCore({}, { window: 'w1' })
    core.clock.advanceSeconds(minutes(15) - 1)
    expect((await session()).user?.username).toBe('alice')
    core.clock.advanceSeconds(minutes(15))
    expect(await session()).toMatchObject({ user: null, endedBecause: 'idle' })
    expect(await session()).toMatchObject({ user: null, endedBecause: null })
  })

  it('keeps an active window signed in past the idle timeout', async () => {
    core = await aliceCore({}, { window: 'w1' })
    for (let step = 0; step < 6; step++) {
      core.clock.advanceSeconds(minutes(10))
      await act()
      expect((await session()).user?.username, `after ${(step + 1) * 10} minutes`).toBe('alice')
    }
  })

  it('does not count the UI asking for the session as activity', async () => {
    core = await aliceCore({}, { window: 'w1' })
    for (let step = 0; step < 2; step++) {
      core.clock.advanceSeconds(minutes(5))
      expect((await session()).user?.username).toBe('alice')
    }
    core.clock.advanceSeconds(minutes(5))
    expect(await session()).toMatchObject({ user: null, endedBecause: 'idle' })
  })

  it('ends a session at its lifetime even while active, and says it expired', async () => {
    core = await aliceCore(
      { sessions: { lifetimeInSeconds: minutes(60), idleTimeoutInSeconds: minutes(15) } },
      { window: 'w1' }
    )
    for (let step = 0; step < 5; step++) {
      core.clock.advanceSeconds(minutes(10))
      await act()
      expect((await session()).user?.username).toBe('alice')
    }
    core.clock.advanceSeconds(minutes(10))
    expect(await session()).toMatchObject({ user: null, endedBecause: 'expired' })
    expect(await session()).toMatchObject({ endedBecause: null })
  })

  it('follows a configured idle timeout, and deletes the ended session', async () => {
    core = await aliceCore({ sessions: { idleTimeoutInSeconds: 60 } }, { window: 'w1' })
    core.clock.advanceSeconds(60)
    expect(await session()).toMatchObject({ user: null, endedBecause: 'idle' })
    expect(sessionRows().filter((row) => row.window_id === 'w1')).toEqual([])
  })

  it('an idle window cannot act: a user-only call is refused, and the UI learns why', async () => {
    core = await aliceCore({}, { window: 'w1' })
    core.clock.advanceSeconds(minutes(16))
    expect(errorOf(await call(core, appWindow('w1'), 'logOut', {})).code).toBe('not_signed_in')
    expect(await session()).toMatchObject({ endedBecause: 'idle' })
  })

  it('old sessions are cleaned away when the app starts again', async () => {
    core = await aliceCore({}, { window: 'w1' })
    core.clock.advanceSeconds(minutes(20))
    expect(core.services.sessions.deleteExpired()).toBe(2)
    expect(sessionRows()).toEqual([])
  })
})

describe('a session belongs to its window', () => {
  it('another window holding the same token is not signed in, and the owner stays signed in', async () => {
    core = await aliceCore({}, { window: 'w1' })
    const token = core.router.windows.token('w1')!
    core.router.windows.bind('intruder', token)
    expect((await session('intruder')).user).toBeNull()
    expect(core.services.sessions.check(token, 'intruder')).toEqual({ status: 'ended', reason: 'revoked' })
    expect((await session('w1')).user?.username).toBe('alice')
  })

  it('a forged token is refused', async () => {
    core = await aliceCore({}, { window: 'w1' })
    const [id] = core.router.windows.token('w1')!.split('.')
    core.router.windows.bind('w9', `${id}.not-the-secret`)
    expect((await session('w9')).user).toBeNull()
    core.router.windows.bind('w9', 'garbage')
    expect((await session('w9')).user).toBeNull()
  })

  it('each login gets its own random token', async () => {
    core = await aliceCore({}, { window: 'w1' })
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w2'))
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w3'))
    const tokens = ['w1', 'w2', 'w3'].map((w) => core.router.windows.token(w))
    expect(new Set(tokens).size).toBe(3)
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{20}\.[A-Za-z0-9_-]{32}$/)
  })
})

describe('the sessions table', () => {
  it('stores only the SHA-256 of the secret, never the token', async () => {
    core = await aliceCore({}, { window: 'w1' })
    const token = core.router.windows.token('w1')!
    const [id, secret] = token.split('.')
    const row = sessionRows().find((r) => r.window_id === 'w1')!
    expect(row.id).toBe(id)
    expect(Buffer.from(row.secret_hash as Uint8Array)).toEqual(createHash('sha256').update(secret).digest())
    for (const value of Object.values(row)) {
      if (typeof value === 'string') expect(value).not.toContain(secret)
    }
    expect(rawDatabaseBytes(core.dataDir).includes(secret)).toBe(false)
    expect(rawDatabaseBytes(core.dataDir).includes(token)).toBe(false)
  })
})

describe('password change and other sessions', () => {
  it('ends every other session of the user and keeps the current one', async () => {
    core = await aliceCore({}, { window: 'w1' })
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w2'))
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w3'))
    dataOf(await call(core, appWindow('admin-window'), 'getSession', {}))
    const result = await call(core, appWindow('w1'), 'changePassword', {
      oldPassword: STRONG_PASSWORD,
      newPassword: 'another-Strong-pass-77',
      newPasswordConfirmation: 'another-Strong-pass-77'
    })
    expect(dataOf(result).user?.username).toBe('alice')
    expect((await session('w1')).user?.username).toBe('alice')
    expect((await session('w2')).user).toBeNull()
    expect((await session('w3')).user).toBeNull()
    expect((await session('admin-window')).user?.username).toBe('admin')
  })
})
