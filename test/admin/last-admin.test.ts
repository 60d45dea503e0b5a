import { afterEach, describe, expect, it } from 'vitest'
import { localDate } from '../../src/main/core/admin/expiry'
import type { CallerContext } from '../../src/main/ipc/caller'
import { call, dataOf, errorOf, everyTable } from '../helpers/accounts'
import { appWindow, makeTestCore, ManualTimers, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'

// An expired administrator cannot sign in, so the last-administrator rule must not count one:
// otherwise the only administrator who can sign in could step down, be demoted, deleted or
// expired, and nobody could open the Accounts console again.

let core: TestCore
afterEach(() => core?.dispose())

const ADMIN = appWindow('admin-window')
/** Well before the test clock's first day (2026-01-01), on any workstation calendar. */
const PAST = '2025-06-01'
const LIST = { search: '', sort: 'username', direction: 'asc', offset: 0, limit: 10 } as const

const today = (): string => localDate(core.clock.now())

/** Administrators who can sign in now, by name. */
function usableAdmins(): string[] {
  const rows = core.services.db
    .prepare('SELECT username, expires_on AS expiresOn FROM users WHERE is_admin = 1 AND is_active = 1')
    .all() as { username: string; expiresOn: string | null }[]
  return rows.filter((row) => row.expiresOn === null || row.expiresOn > today()).map((row) => row.username)
}

async function promote(name: string): Promise<{ id: number; window: string }> {
  const user = await withUser(core, name)
  dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: user.id, isAdmin: true }))
  return user
}

/**
 * `admin` (the first administrator), carol: an administrator whose account has expired (still
 * active, still flagged administrator), and, with `withDave`, dave: a second usable administrator.
 */
async function adminsWithOneExpired(withDave = false) {
  core = makeTestCore({}, { timers: new ManualTimers() })
  const carol = await promote('carol')
  const dave = withDave ? await promote('dave') : null
  dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: carol.id, expiresOn: PAST }))
  const adminId = core.services.users.byUsernameKey('admin')!.id
  expect(usableAdmins().sort()).toEqual(withDave ? ['admin', 'dave'] : ['admin'])
  // carol cannot sign in: she is no administrator anyone can use.
  const login = await call(core, appWindow('carol-again'), 'logIn', { identifier: 'carol', password: STRONG_PASSWORD })
  expect(errorOf(login).code).toBe('account_expired')
  return { adminId, carol, dave }
}

/** The usable administrator left can still open the console. */
async function consoleOpensFor(window: CallerContext): Promise<void> {
  expect(dataOf(await call(core, window, 'adminListAccounts', LIST)).rows.length).toBeGreaterThan(0)
}

describe('an expired administrator does not count as one', () => {
  it('the only administrator who can sign in cannot deactivate, delete or expire themselves', async () => {
    const { adminId } = await adminsWithOneExpired()
    const before = everyTable(core)
    for (const changes of [{ isActive: false }, { expiresOn: PAST }, { expiresOn: today() }]) {
      const refused = errorOf(await call(core, ADMIN, 'adminUpdateAccount', { id: adminId, ...changes }))
      expect({ changes, code: refused.code }).toEqual({ changes, code: 'last_admin' })
    }
    const deleted = await call(core, ADMIN, 'adminDeleteAccount', { id: adminId, confirmUsername: 'admin' })
    expect(errorOf(deleted)).toMatchObject({ code: 'last_admin', params: { username: 'admin' } })
    expect(everyTable(core)).toEqual(before)
    await consoleOpensFor(ADMIN)
  })

  it('a later expiry date is still allowed, and the expired administrator may be demoted, deactivated or deleted', async () => {
    const { adminId, carol } = await adminsWithOneExpired()
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: adminId, expiresOn: '2026-12-31' }))
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: carol.id, isAdmin: false }))
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: carol.id, isAdmin: true, isActive: false }))
    dataOf(await call(core, ADMIN, 'adminDeleteAccount', { id: carol.id, confirmUsername: 'carol' }))
    expect(usableAdmins()).toEqual(['admin'])
  })

  it('the rule holds inside the change itself: an administrator demoted meanwhile cannot demote the last one', async () => {
    const { adminId, dave } = await adminsWithOneExpired(true)
    // dave's request was let through while he was still an administrator …
    const daveAsChecked = core.services.users.byId(dave!.id)!
    // … and before it ran, admin took his role away.
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: dave!.id, isAdmin: false }))
    const before = everyTable(core)
    for (const changes of [{ isAdmin: false }, { isActive: false }, { expiresOn: PAST }]) {
      expect(() => core.services.admin.update(daveAsChecked, { id: adminId, ...changes })).toThrow(
        expect.objectContaining({ code: 'last_admin' })
      )
    }
    expect(() => core.services.admin.delete(daveAsChecked, { id: adminId, confirmUsername: 'admin' })).toThrow(
      expect.objectContaining({ code: 'last_admin' })
    )
    expect(everyTable(core)).toEqual(before)
    await consoleOpensFor(ADMIN)
  })

  it('unused-account deactivation keeps the administrator who can sign in, not an expired one used more recently', async () => {
    core = makeTestCore({}, { timers: new ManualTimers() })
    const carol = await promote('carol')
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: carol.id, expiresOn: '2026-01-10' }))
    core.clock.advanceSeconds(24 * 3600)
    // carol, not yet expired, was used after admin was.
    const login = await call(core, appWindow('c2'), 'logIn', { identifier: 'carol', password: STRONG_PASSWORD })
    expect(dataOf(login).user?.username).toBe('carol')
    core.clock.advanceSeconds(400 * 24 * 3600)
    expect(usableAdmins()).toEqual(['admin'])

    // (A year later, the administrator's window has long been signed out: the report is asked of the service.)
    expect(core.services.unusedAccounts.report(365)).toEqual({ count: 1, usernames: ['carol'] })
    core.services.settings.accounts.deactivateAfterDaysUnused = 365
    expect(core.services.unusedAccounts.run()).toEqual(['carol'])
    expect(core.services.users.byUsernameKey('admin')!.isActive).toBe(true)
    expect(usableAdmins()).toEqual(['admin'])
  })
})

describe('two administrators at once, one of them expired', () => {
  // Each administrator tries to take the other's role (or expire them) and to step down, all at
  // once and in either order: exactly one administrator who can sign in remains, and can work.
  type Step = readonly ['admin' | 'dave', 'adminUpdateAccount' | 'adminDeleteAccount', Record<string, unknown>]
  const bursts: Record<string, (adminId: number, daveId: number) => Step[]> = {
    'demote each other, then step down': (adminId, daveId) => [
      ['admin', 'adminUpdateAccount', { id: daveId, isAdmin: false }],
      ['dave', 'adminUpdateAccount', { id: adminId, isAdmin: false }],
      ['admin', 'adminUpdateAccount', { id: adminId, isActive: false }],
      ['dave', 'adminUpdateAccount', { id: daveId, isActive: false }]
    ],
    'expire each other, then delete themselves': (adminId, daveId) => [
      ['admin', 'adminUpdateAccount', { id: daveId, expiresOn: PAST }],
      ['dave', 'adminUpdateAccount', { id: adminId, expiresOn: PAST }],
      ['admin', 'adminDeleteAccount', { id: adminId, confirmUsername: 'admin' }],
      ['dave', 'adminDeleteAccount', { id: daveId, confirmUsername: 'dave' }]
    ],
    'expire each other today, then expire themselves': (adminId, daveId) => [
      ['admin', 'adminUpdateAccount', { id: daveId, expiresOn: today() }],
      ['dave', 'adminUpdateAccount', { id: adminId, expiresOn: today() }],
      ['admin', 'adminUpdateAccount', { id: adminId, expiresOn: today() }],
      ['dave', 'adminUpdateAccount', { id: daveId, expiresOn: today() }]
    ]
  }

  for (const [name, burst] of Object.entries(bursts)) {
    for (const reversed of [false, true]) {
      it(`${name}${reversed ? ' (the other order)' : ''}: one usable administrator remains`, async () => {
        const { adminId, dave } = await adminsWithOneExpired(true)
        const daveWindow = appWindow(dave!.window)
        const calls = burst(adminId, dave!.id).map(([who, channel, input]) => ({
          window: who === 'dave' ? daveWindow : ADMIN,
          channel,
          input
        }))
        if (reversed) calls.reverse()
        const results = await Promise.all(calls.map((c) => call(core, c.window, c.channel, c.input)))
        expect(results.some((result) => result.ok)).toBe(true)
        const refusals = results.flatMap((result) => (result.ok ? [] : [result.error.code]))
        expect(refusals).toContain('last_admin')
        const left = usableAdmins()
        expect(left).toHaveLength(1)
        await consoleOpensFor(left[0] === 'admin' ? ADMIN : daveWindow)
      })
    }
  }
})
