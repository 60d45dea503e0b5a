import { randomBytes } from 'node:crypto'
import argon2 from 'argon2'
import { isLegacyHash, verifyLegacyHash } from './legacy-hashes'

export interface HashingParameters {
  memoryCostInKiB: number
  timeCost: number
  parallelism: number
}

/**
 * argon2id password hashing, on libuv's thread pool (the async API) so the main process stays
 * responsive. Hashes are PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), which record
 * their parameters, so a hash made with older parameters is recognised and upgraded on login.
 */
export class PasswordHasher {
  /**
   * A hash of a random password, verified against when the user is unknown (no timing oracle);
   * made again when the parameters change, so it keeps costing what a real verification costs.
   */
  private dummy: { parameters: string; hash: Promise<string> } | null = null

  constructor(private readonly parameters: HashingParameters) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.parameters.memoryCostInKiB,
      timeCost: this.parameters.timeCost,
      parallelism: this.parameters.parallelism
    })
  }

  /** False for a wrong password and for anything that is not an argon2 PHC string. */
  async verify(hash: string, password: string): Promise<boolean> {
    // Except a Django hash (import-django): it costs its own verification, and never less than argon2id's,
    // so a wrong password for a cheaply hashed imported account answers no faster than for others.
    if (isLegacyHash(hash)) return (await Promise.all([verifyLegacyHash(hash, password), this.verifyDummy(password)]))[0]
    try {
      return await argon2.verify(hash, password)
    } catch {
      return false
    }
  }

  /** Costs what a real verification costs, for a user that does not exist. */
  async verifyDummy(password: string): Promise<false> {
    const parameters = JSON.stringify(this.parameters)
    if (this.dummy?.parameters !== parameters) {
      this.dummy = { parameters, hash: this.hash(`dummy-${Math.random()}-${Date.now()}`) }
    }
    await this.verify(await this.dummy.hash, password)
    return false
  }

  needsRehash(hash: string): boolean {
    if (!hash.startsWith('$argon2id$')) return true
    return argon2.needsRehash(hash, {
      memoryCost: this.parameters.memoryCostInKiB,
      timeCost: this.parameters.timeCost,
      parallelism: this.parameters.parallelism
    })
  }
}

/** How long one hash takes with `parameters` on this machine, in milliseconds (the Settings screen's Measure). */
export async function measureHashing(parameters: HashingParameters): Promise<number> {
  const started = performance.now()
  await new PasswordHasher(parameters).hash(randomBytes(16).toString('hex'))
  return Math.round(performance.now() - started)
}
