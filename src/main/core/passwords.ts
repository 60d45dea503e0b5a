import argon2 from 'argon2'
import { availableParallelism } from 'node:os'

export interface HashingParameters {
  memoryCostInKiB: number
  timeCost: number
  parallelism: number
}

/**
 * argon2 runs at once: one core fewer than the machine has, so a burst of logins leaves a core
 * for the main thread (windows, database) instead of filling every core with hashing.
 */
export const defaultHashConcurrency = (): number => Math.max(1, availableParallelism() - 1)

/**
 * argon2id password hashing, on libuv's thread pool (the async API) so the main process stays
 * responsive. Hashes are PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), which record
 * their parameters, so a hash made with older parameters is recognised and upgraded on login.
 * At most `concurrency` hashes run at once; the rest wait their turn in arrival order.
 */
export class PasswordHasher {
  /** A hash of a random password, verified against when the user is unknown (no timing oracle). */
  private dummyHash: Promise<string> | null = null
  private running = 0
  private readonly waiting: (() => void)[] = []
  /** The most argon2 runs ever in flight at once (tests and the benchmark read it). */
  peakInFlight = 0

  constructor(
    private readonly parameters: HashingParameters,
    readonly concurrency = defaultHashConcurrency()
  ) {}

  get inFlight(): number {
    return this.running
  }

  hash(password: string): Promise<string> {
    return this.run(() =>
      argon2.hash(password, {
        type: argon2.argon2id,
        memoryCost: this.parameters.memoryCostInKiB,
        timeCost: this.parameters.timeCost,
        parallelism: this.parameters.parallelism
      })
    )
  }

  /** False for a wrong password and for anything that is not an argon2 PHC string. */
  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await this.run(() => argon2.verify(hash, password))
    } catch {
      return false
    }
  }

  /** Runs one argon2 call when a slot is free; a finishing call hands its slot to the next. */
  private async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running++
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.peakInFlight = Math.max(this.peakInFlight, this.running)
    try {
      return await work()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }

  /** Costs what a real verification costs, for a user that does not exist. */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash(`dummy-${Math.random()}-${Date.now()}`)
    await this.verify(await this.dummyHash, password)
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
