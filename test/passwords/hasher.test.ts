import { describe, expect, it } from 'vitest'
import { PasswordHasher } from '../../src/main/core/passwords/hasher'
import { CHEAP_HASHING } from '../helpers/core'

const hasher = new PasswordHasher(CHEAP_HASHING)

describe('argon2id password hashing', () => {
  it('produces a salted PHC string that records the algorithm and parameters', async () => {
    const first = await hasher.hash('violet-Anchor-92')
    const second = await hasher.hash('violet-Anchor-92')
    expect(first).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/)
    expect(first).not.toContain('violet-Anchor-92')
    expect(second).not.toBe(first)
  })

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('violet-Anchor-92')
    expect(await hasher.verify(hash, 'violet-Anchor-92')).toBe(true)
    expect(await hasher.verify(hash, 'violet-anchor-92')).toBe(false)
  })

  it('answers false, not an exception, for a stored value that is not an argon2 hash', async () => {
    expect(await hasher.verify('violet-Anchor-92', 'violet-Anchor-92')).toBe(false)
    expect(await hasher.verify('', '')).toBe(false)
  })

  it('verifies a dummy hash for unknown users and always says no', async () => {
    expect(await hasher.verifyDummy('violet-Anchor-92')).toBe(false)
    expect(await hasher.verifyDummy('')).toBe(false)
  })

  it('flags a hash made with other parameters, or another algorithm, for rehashing', async () => {
    const current = await hasher.hash('violet-Anchor-92')
    expect(hasher.needsRehash(current)).toBe(false)
    const stronger = new PasswordHasher({ memoryCostInKiB: 2048, timeCost: 2, parallelism: 1 })
    expect(stronger.needsRehash(current)).toBe(true)
    expect(hasher.needsRehash(current.replace('$argon2id$', '$argon2i$'))).toBe(true)
    // Today's parameters under argon2's older version (0x10) still need a rehash.
    expect(hasher.needsRehash(current.replace('$v=19$', '$v=16$'))).toBe(true)
    expect(hasher.needsRehash('pbkdf2_sha256$1$salt$hash')).toBe(true)
  })

  it('still verifies a hash made with older parameters (so the login can upgrade it)', async () => {
    const old = await hasher.hash('violet-Anchor-92')
    const stronger = new PasswordHasher({ memoryCostInKiB: 2048, timeCost: 2, parallelism: 1 })
    expect(await stronger.verify(old, 'violet-Anchor-92')).toBe(true)
  })
})
