import { afterEach, describe, expect, it } from 'vitest'
import { call, dataOf, errorOf } from '../helpers/accounts'
import {
  appWindow,
  makeTestCore,
  ManualTimers,
  openTestCore,
  STRONG_PASSWORD,
  withUser,
  type TestCore
} from '../helpers/core'

let core: TestCore | undefined
afterEach(() => core?.dispose())

const ADMIN = appWindow('admin-window')
const DAY = 24 * 3600

const activeOf = (opened: TestCore, name: string): boolean | undefined =>
  opened.services.users.byUsernameKey(name)?.isActive

describe('accounts.deactivateAfterDaysUnused', () => {
  it('at start-up deactivates accounts with no login (or no sign-up) for that long, audited, never the last administrator', async () => {
    const first = makeTestCore()
    await withUser(first, 'alice') // signs up at day 0, never logs in again
    const bob = await withUser(first, 'bob')
    // The report is for administrators only (asked now: windows do not stay signed in for months).
    expect(dataOf(await call(first, ADMIN, 'adminPreviewUnusedAccounts', { days: 30 }))).toEqual({
      count: 0,
      usernames: []
    })
    expect(errorOf(await call(first, appWindow(bob.window), 'adminPreviewUnusedAccounts', { days: 30 })).code).toBe(
      'forbidden'
    )
    first.clock.advanceSeconds(50 * DAY)
    expect((await call(first, appWindow('b'), 'logIn', { identifier: 'bob', password: STRONG_PASSWORD })).ok).toBe(true)
    first.clock.advanceSeconds(50 * DAY) // day 100: alice and the administrator unused for 100 days, bob for 50
    // What a value would do, asked before it is saved (what adminPreviewUnusedAccounts answers).
    expect(first.services.unusedAccounts.report(90)).toEqual({ count: 1, usernames: ['alice'] })
    expect(first.services.unusedAccounts.report(30).usernames.sort()).toEqual(['alice', 'bob'])
    const dataDir = first.dataDir
    const clock = first.clock
    first.close()

    // The next start with the setting: alice goes; the administrator, the last one, stays.
    const timers = new ManualTimers()
    core = openTestCore(dataDir, { accounts: { deactivateAfterDaysUnused: 90 } }, { clock, timers })
    expect(activeOf(core, 'alice')).toBe(false)
    expect(activeOf(core, 'bob')).toBe(true)
    expect(activeOf(core, 'admin')).toBe(true)
    const audited = core.services.audit.list({ user: '', kind: 'account_deactivated_unused', offset: 0, limit: 10 })
    expect(audited.rows.map((row) => row.subjectUsername)).toEqual(['alice'])
    expect(audited.rows[0].detail).toContain('unused for 90 days')
    expect(
      errorOf(await call(core, appWindow('a'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })).code
    ).toBe('invalid_credentials')

    // Daily after that: bob, 41 days later.
    const daily = timers.jobs.find((entry) => entry.milliseconds === DAY * 1000)
    expect(daily).toBeDefined()
    clock.advanceSeconds(41 * DAY)
    daily!.job()
    expect(activeOf(core, 'bob')).toBe(false)
    expect(activeOf(core, 'admin')).toBe(true)
  })

  it('with several administrators all unused, the most recently used one stays', async () => {
    core = makeTestCore({}, { timers: new ManualTimers() })
    const carol = await withUser(core, 'carol')
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: carol.id, isAdmin: true }))
    core.clock.advanceSeconds(DAY)
    expect((await call(core, appWindow('c2'), 'logIn', { identifier: 'carol', password: STRONG_PASSWORD })).ok).toBe(
      true
    )
    core.clock.advanceSeconds(400 * DAY)
    core.services.settings.accounts.deactivateAfterDaysUnused = 365
    expect(core.services.unusedAccounts.run()).toEqual(['admin'])
    expect(activeOf(core, 'carol')).toBe(true)
  })

  it('is off by default', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    core.clock.advanceSeconds(10_000 * DAY)
    expect(core.services.unusedAccounts.run()).toEqual([])
    expect(activeOf(core, 'alice')).toBe(true)
  })
})
