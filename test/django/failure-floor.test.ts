import { describe, expect, it } from 'vitest'
import { importDjangoUsers } from '../../scripts/lib/django-import'
import { readDjangoUsers } from '../../scripts/lib/django-source'
import { legacyCostClass } from '../../src/main/core/passwords/django-hashes'
import { CountingHasher, signInWithHasher } from '../helpers/accounts'
import { CHEAP_HASHING, makeTestCore, openTestCore, STRONG_PASSWORD, withUser } from '../helpers/core'
import { disposedAfterEach } from '../helpers/login'
import { DJANGO_SQLITE } from '../helpers/django-fixtures'

/**
 * An imported account answers a wrong password at its Django hash's cost (often dearer than
 * argon2id) until its first login; so that this does not tell who was imported, every "no" is
 * held until the dearest kind of legacy hash still stored would have answered.
 */
const { track } = disposedAfterEach()

describe('the failure floor while Django hashes remain', () => {
  // Real Django hashes are verified (at their own cost) to calibrate the floor, twice: slow on a busy machine.
  it(
    'is measured at start-up from the kinds of legacy hash stored, one of each kind',
    { timeout: 120_000 },
    async () => {
      const first = makeTestCore()
      await withUser(first, 'alice')
      importDjangoUsers(first.services, readDjangoUsers(DJANGO_SQLITE), { staffAsAdmin: false })
      const kinds = new Set([...first.services.users.legacyHashes()].map((hash) => legacyCostClass(hash)))
      expect(kinds.size).toBeGreaterThan(1)
      first.close()

      // A restart, as the app would: the hasher measures what the stored kinds cost. (How long
      // the wait really lasts is the benchmark's to measure; here, that it is asked for.)
      const core = track(openTestCore(first.dataDir))
      const hasher = new CountingHasher(CHEAP_HASHING)
      await hasher.calibrateFailureFloor(() => core.services.users.legacyHashes())
      expect(hasher.failureFloorInMs).toBeGreaterThan(0)
      const signIn = signInWithHasher(core, hasher)
      const window = { id: 'w1', replacing: null }

      // Every "no" is held until that floor: a local account's wrong password, an unknown name.
      for (const identifier of ['alice', 'nobody-at-all']) {
        const outcome = await signIn.logIn(identifier, 'not-the-password-1', window)
        expect(outcome).toMatchObject({ status: 'refused', error: { code: 'invalid_credentials' } })
      }
      expect(hasher.heldAtFloor).toEqual([hasher.failureFloorInMs, hasher.failureFloorInMs])
      // A right password is not held.
      expect((await signIn.logIn('alice', STRONG_PASSWORD, window)).status).toBe('signed-in')
      expect(hasher.heldAtFloor).toHaveLength(2)
    }
  )

  it('is zero where no Django hash is stored, so nothing waits', async () => {
    const core = track(makeTestCore())
    await withUser(core, 'alice')
    await core.services.hasher.calibrateFailureFloor(() => core.services.users.legacyHashes())
    expect(core.services.hasher.failureFloorInMs).toBe(0)
  })
})
