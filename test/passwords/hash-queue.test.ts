import { afterEach, describe, expect, it } from 'vitest'
import { PasswordHasher } from '../../src/main/core/passwords/hasher'
import { call, dataOf } from '../helpers/accounts'
import { appWindow, CHEAP_HASHING, makeTestCore, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'

const BURST = 16

describe('the hash queue in front of argon2', () => {
  let core: TestCore | undefined
  afterEach(() => core?.dispose())

  it('lets a burst of 16 simultaneous logins run at most its concurrency of hashes at once, and all succeed', async () => {
    core = makeTestCore()
    const names = Array.from({ length: BURST }, (_, i) => `burst${i}`)
    for (const name of names) await withUser(core, name, `signup-${name}`)
    const { hasher } = core.services
    hasher.peakInFlight = 0

    const results = await Promise.all(
      names.map((name, i) =>
        call(core!, appWindow(`login-${i}`), 'logIn', {
          identifier: name,
          // Every fourth one mistyped: failures queue like successes.
          password: i % 4 === 3 ? `${STRONG_PASSWORD}x` : STRONG_PASSWORD
        })
      )
    )

    expect(hasher.concurrency).toBeGreaterThanOrEqual(1)
    expect(hasher.concurrency).toBeLessThan(BURST)
    expect(hasher.peakInFlight).toBe(hasher.concurrency)
    expect(hasher.inFlight).toBe(0)
    results.forEach((result, i) => {
      if (i % 4 === 3) expect(result.ok).toBe(false)
      else expect(dataOf(result).user?.username).toBe(names[i])
    })
  })

  it('queues hashes and verifications together, in order, and answers each correctly', async () => {
    const hasher = new PasswordHasher(CHEAP_HASHING, 3)
    const hashes = await Promise.all(Array.from({ length: BURST }, (_, i) => hasher.hash(`password-${i}`)))
    expect(hasher.peakInFlight).toBe(3)
    const checks = await Promise.all(
      hashes.flatMap((hash, i) => [hasher.verify(hash, `password-${i}`), hasher.verify(hash, `password-${i + 1}`)])
    )
    expect(checks).toEqual(hashes.flatMap(() => [true, false]))
    expect(hasher.peakInFlight).toBe(3)
    expect(hasher.inFlight).toBe(0)
  })

  it('frees its slot when argon2 refuses a malformed hash, so later calls still run', async () => {
    const hasher = new PasswordHasher(CHEAP_HASHING, 1)
    const answers = await Promise.all([
      hasher.verify('not a hash', 'x'),
      hasher.verify('$argon2id$v=19$broken', 'x'),
      hasher.hash('after').then((hash) => hasher.verify(hash, 'after'))
    ])
    expect(answers).toEqual([false, false, true])
    expect(hasher.inFlight).toBe(0)
  })
})
