import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock, appWindow, makeTestCore, openTestCore, withFirstAdmin, type TestCore } from '../helpers/core'

const dayInSeconds = 24 * 60 * 60
const cores: TestCore[] = []
afterEach(() => {
  for (const core of cores.splice(0).reverse()) core.close()
})

/** The kinds of the trail, newest first, without withFirstAdmin's own Confirm it's you. */
const kinds = (core: TestCore) =>
  core.services.audit
    .list({ user: '', kind: '', offset: 0, limit: 100 })
    .rows.map((row) => row.kind)
    .filter((kind) => kind !== 'reauthenticated')

describe('audit retention', () => {
  it('prunes events older than the retention period when the app starts, and keeps newer ones', async () => {
    const first = makeTestCore({ audit: { retentionInDays: 30 } })
    cores.push(first)
    await withFirstAdmin(first)
    first.clock.advanceSeconds(20 * dayInSeconds)
    await first.router.handle(appWindow(), 'logIn', { identifier: 'admin', password: 'wrong-password' })
    expect(kinds(first)).toEqual(['login', 'first_admin_created'])

    // 31 days after the first event, 11 after the second: only the first is past 30 days.
    const later = new ManualClock(first.clock.current + 11 * dayInSeconds * 1000)
    const reopened = openTestCore(first.dataDir, { audit: { retentionInDays: 30 } }, { clock: later })
    cores.push(reopened)
    expect(kinds(reopened)).toEqual(['login'])
  })

  it('keeps everything inside the default year', async () => {
    const first = makeTestCore()
    cores.push(first)
    await withFirstAdmin(first)
    const later = new ManualClock(first.clock.current + 364 * dayInSeconds * 1000)
    const reopened = openTestCore(first.dataDir, {}, { clock: later })
    cores.push(reopened)
    expect(kinds(reopened)).toEqual(['first_admin_created'])
  })
})
