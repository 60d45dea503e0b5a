import { afterEach, describe, expect, it } from 'vitest'
import { importDjangoUsers } from '../../scripts/lib/django-import'
import { readDjangoUsers } from '../../scripts/lib/django-source'
import { legacyCostClass } from '../../src/main/core/passwords/django-hashes'
import { call, errorOf } from '../helpers/accounts'
import { appWindow, makeTestCore, openTestCore, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'
import { DJANGO_SQLITE } from '../helpers/django-fixtures'

/**
 * An imported account answers a wrong password at its Django hash's cost (often dearer than
 * argon2id) until its first login; so that this does not tell who was imported, every "no" is
 * held until the dearest kind of legacy hash still stored would have answered.
 */
const cores: TestCore[] = []
afterEach(() => {
  for (const core of cores.splice(0)) core.dispose()
})

const track = (core: TestCore): TestCore => {
  cores.push(core)
  return core
}

async function timedLogIn(core: TestCore, identifier: string, password: string): Promise<{ code: string; ms: number }> {
  const startedAt = performance.now()
  const result = await call(core, appWindow(`w-${identifier}`), 'logIn', { identifier, password })
  return { code: errorOf(result).code, ms: performance.now() - startedAt }
}

describe('the failure floor while Django hashes remain', () => {
  it('is measured at start-up from the kinds of legacy hash stored, one of each kind', async () => {
    const first = makeTestCore()
    await withUser(first, 'alice')
    importDjangoUsers(first.services, readDjangoUsers(DJANGO_SQLITE), { staffAsAdmin: false })
    const kinds = new Set([...first.services.users.legacyHashes()].map((hash) => legacyCostClass(hash)))
    expect(kinds.size).toBeGreaterThan(1)
    first.close()

    // A restart, as the app would: the hasher measures what the stored kinds cost.
    const core = track(openTestCore(first.dataDir))
    await core.services.hasher.calibrateFailureFloor(() => core.services.users.legacyHashes())
    const floor = core.services.hasher.failureFloorInMs
    expect(floor).toBeGreaterThan(0)

    // Every "no" waits at least that long: a local account's wrong password, an unknown name.
    for (const identifier of ['alice', 'nobody-at-all']) {
      const { code, ms } = await timedLogIn(core, identifier, 'not-the-password-1')
      expect(code).toBe('invalid_credentials')
      expect(ms).toBeGreaterThanOrEqual(floor)
    }
    // A right password is not held.
    expect((await call(core, appWindow('w-ok'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })).ok).toBe(
      true
    )
  })

  it('is zero where no Django hash is stored, so nothing waits', async () => {
    const core = track(makeTestCore())
    await withUser(core, 'alice')
    await core.services.hasher.calibrateFailureFloor(() => core.services.users.legacyHashes())
    expect(core.services.hasher.failureFloorInMs).toBe(0)
  })
})
