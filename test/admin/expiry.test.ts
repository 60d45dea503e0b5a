import { afterEach, describe, expect, it } from 'vitest'
import { call, dataOf, errorOf, everyTable, fieldCodes } from '../helpers/accounts'
import { appWindow, makeTestCore, signUpInput, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

const ADMIN = appWindow('admin-window')
/** The longest sessions the settings allow: 30 days, signed out after a day without activity. */
const LONG_SESSIONS = { sessions: { lifetimeInSeconds: 30 * 24 * 3600, idleTimeoutInSeconds: 24 * 3600 } }

/** Moves the clock by half-days, with someone active in each of `windows` after each. */
async function passHalfDays(count: number, windows: string[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    core.clock.advanceSeconds(12 * 3600)
    for (const window of windows) await call(core, appWindow(window), 'reportActivity', {})
  }
}
// The test clock starts at 2026-01-01T00:00Z; these tests run on a UTC workstation calendar or any
// other, since the dates are days apart from it.
const logIn = (password: string, window = 'login-window') =>
  call(core, appWindow(window), 'logIn', { identifier: 'alice', password })

describe('Account expires', () => {
  it('from that day the right password answers account_expired, a wrong one the usual error, and her sessions end', async () => {
    core = makeTestCore(LONG_SESSIONS)
    const alice = await withUser(core, 'alice')
    const set = dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: alice.id, expiresOn: '2026-01-10' }))
    expect(set).toMatchObject({ expiresOn: '2026-01-10', isExpired: false })
    // Before the day: she stays signed in and can log in.
    expect(dataOf(await call(core, appWindow(alice.window), 'getSession', {})).user?.username).toBe('alice')
    expect(dataOf(await logIn(STRONG_PASSWORD)).user?.username).toBe('alice')

    // To 2026-01-09, 12:00 with both windows in use, then to 2026-01-10, 01:00.
    await passHalfDays(17, ['admin-window', alice.window])
    core.clock.advanceSeconds(13 * 3600)
    // Her open window is signed out at its next call.
    expect(dataOf(await call(core, appWindow(alice.window), 'getSession', {})).user).toBeNull()
    const expired = errorOf(await logIn(STRONG_PASSWORD, 'fresh-window'))
    expect(expired).toEqual({ code: 'account_expired', message: 'This account has expired. Ask an administrator.' })
    expect(errorOf(await logIn('not-her-Password-42', 'other-window')).code).toBe('invalid_credentials')
    // The right password is not a guess: many of them never lock the account.
    for (let i = 0; i < 6; i++) expect(errorOf(await logIn(STRONG_PASSWORD, `w${i}`)).code).toBe('account_expired')
    const audit = dataOf(
      await call(core, ADMIN, 'adminListAudit', { user: 'alice', kind: 'login', offset: 0, limit: 20 })
    )
    expect(audit.rows.filter((row) => row.detail === 'account expired')).toHaveLength(7)
    const listed = dataOf(
      await call(core, ADMIN, 'adminListAccounts', {
        search: 'alice',
        sort: 'username',
        direction: 'asc',
        offset: 0,
        limit: 5
      })
    )
    expect(listed.rows[0]).toMatchObject({ username: 'alice', expiresOn: '2026-01-10', isExpired: true })

    // An administrator clears it: she gets in again.
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: alice.id, expiresOn: null }))
    expect(dataOf(await logIn(STRONG_PASSWORD, 'again')).user?.username).toBe('alice')
  })

  it('an expiry set on Create account counts from the start; a date that is not a day is a field error that changes nothing', async () => {
    core = makeTestCore(LONG_SESSIONS)
    const alice = await withUser(core, 'alice')
    const before = everyTable(core)
    for (const expiresOn of ['2026-02-30', '10/01/2026', 'tomorrow', '2026-1-5']) {
      expect(fieldCodes(await call(core, ADMIN, 'adminUpdateAccount', { id: alice.id, expiresOn }))).toEqual({
        expiresOn: ['expiry_invalid']
      })
      expect(
        fieldCodes(await call(core, ADMIN, 'adminCreateAccount', { ...signUpInput('bob'), isAdmin: false, expiresOn }))
      ).toEqual({ expiresOn: ['expiry_invalid'] })
    }
    expect(errorOf(await call(core, ADMIN, 'adminUpdateAccount', { id: alice.id, expiresOn: 20260110 })).code).toBe(
      'invalid_input'
    )
    expect(everyTable(core)).toEqual(before)

    const carol = dataOf(
      await call(core, ADMIN, 'adminCreateAccount', {
        ...signUpInput('carol'),
        isAdmin: false,
        expiresOn: '2026-01-01'
      })
    )
    expect(carol).toMatchObject({ expiresOn: '2026-01-01', isExpired: true })
    const refused = errorOf(
      await call(core, appWindow('c'), 'logIn', { identifier: 'carol', password: STRONG_PASSWORD })
    )
    expect(refused.code).toBe('account_expired')
  })

  it('never expires the last active administrator, and only an administrator may set it', async () => {
    core = makeTestCore(LONG_SESSIONS)
    const alice = await withUser(core, 'alice')
    const adminId = core.services.users.byUsernameKey('admin')!.id
    expect(errorOf(await call(core, ADMIN, 'adminUpdateAccount', { id: adminId, expiresOn: '2025-12-31' })).code).toBe(
      'last_admin'
    )
    const before = everyTable(core)
    const asAlice = await call(core, appWindow(alice.window), 'adminUpdateAccount', {
      id: alice.id,
      expiresOn: '2030-01-01'
    })
    expect(errorOf(asAlice).code).toBe('forbidden')
    expect(everyTable(core)).toEqual(before)
  })
})
