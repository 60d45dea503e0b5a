import { randomBytes } from 'node:crypto'
import argon2 from 'argon2'
import { availableParallelism } from 'node:os'
import { hashingParametersSchema } from '../../../shared/settings-schema'
import { bcryptChecksInFlight } from './bcrypt-worker'
import { isLegacyHash, legacyCostClass, verifyLegacyHash } from './django-hashes'

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
 * The longest the failure floor's measurement of one kind of legacy hash may run: past it that
 * kind counts as costing this much, and failed logins stop waiting for the measurement.
 */
export const CALIBRATION_LIMIT_MS = 5000

/**
 * Each kind is measured this often at start-up and counts as its dearest measurement plus this
 * margin: one measurement that came out fast left the dearest kind's own failures slower than the
 * floor, by up to 14 ms in the benchmark, which told imported accounts apart again.
 */
const FLOOR_SAMPLES = 2
const FLOOR_MARGIN = 1.1

const phcPattern = /^\$argon2(?:id|i|d)\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,10})\$/

/**
 * Whether `hash` is an argon2 PHC string whose cost is within the Settings bounds (1 GiB, t 20,
 * p 16): a stored hash past them (a doctored database) is never run, as it could take hours.
 */
function isBoundedPhc(hash: string): boolean {
  const match = phcPattern.exec(hash)
  if (!match) return false
  const [memoryCostInKiB, timeCost, parallelism] = match.slice(1).map(Number)
  return hashingParametersSchema.safeParse({ memoryCostInKiB, timeCost, parallelism }).success
}

/**
 * argon2id password hashing, on libuv's thread pool (the async API) so the main process stays
 * responsive. Hashes are PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), which record
 * their parameters, so a hash made with older parameters is recognised and upgraded on login.
 * At most `concurrency` hashes run at once; the rest wait their turn in arrival order.
 */
export class PasswordHasher {
  /**
   * A hash of a random password, verified against when the user is unknown (no timing oracle);
   * made again when the parameters change, so it keeps costing what a real verification costs.
   */
  private dummy: { parameters: string; hash: Promise<string> } | null = null
  /** What each kind of legacy hash costs to verify, in milliseconds (see `calibrateFailureFloor`). */
  private readonly legacyCosts = new Map<string, number>()
  private calibration: Promise<void> = Promise.resolve()
  private running = 0
  /** Legacy (Django) verifications under way: on the thread pool or in the bcrypt worker. */
  private legacyRunning = 0
  private readonly waiting: (() => void)[] = []
  /** The most argon2 runs ever in flight at once (tests and the benchmark read it). */
  peakInFlight = 0

  /** How a hash made with these parameters begins: argon2id, version 0x13, then m, t and p. */
  private readonly currentPrefix: string

  constructor(
    private readonly parameters: HashingParameters,
    readonly concurrency = defaultHashConcurrency()
  ) {
    this.currentPrefix = `$argon2id$v=19$m=${parameters.memoryCostInKiB},t=${parameters.timeCost},p=${parameters.parallelism}$`
  }

  get inFlight(): number {
    return this.running
  }

  /**
   * Whether any hash is being computed off the main thread. Such work cannot be cancelled, and
   * Node's normal exit waits for the thread pool: a host stopping now must end its process
   * another way (see src/main/exit-now.ts).
   */
  get busy(): boolean {
    return this.running > 0 || this.legacyRunning > 0 || bcryptChecksInFlight() > 0
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

  /** False for a wrong password and for anything that is not an argon2 PHC string or a Django hash. */
  async verify(hash: string, password: string): Promise<boolean> {
    // A Django hash (import-django) costs its own verification, beside a dummy argon2id one so it
    // is never cheaper.
    if (isLegacyHash(hash)) {
      const [ok] = await Promise.all([this.verifyLegacy(hash, password), this.verifyDummy(password)])
      return ok
    }
    // A hash nobody here can check, or one past the cost ceilings: refused as a wrong password,
    // at the cost of a normal verification (never its own).
    if (!isBoundedPhc(hash)) return this.verifyDummy(password)
    try {
      return await this.run(() => argon2.verify(hash, password))
    } catch {
      return false
    }
  }

  /**
   * Django's hashes usually cost more than argon2id here (bcrypt cost 12, 260,000 rounds of
   * PBKDF2), so a wrong password for an imported account that has not logged in yet would answer
   * more slowly and tell who was imported. Instead every failed login (wrong password, unknown
   * name) waits until the dearest kind of legacy hash stored would have answered
   * (`holdFailedLogin`): measured per kind at start-up from `samples` (FLOOR_SAMPLES, with
   * FLOOR_MARGIN). With no legacy hash stored the floor is zero and nothing waits. An import
   * made while the app runs is covered from its next start.
   */
  calibrateFailureFloor(samples: () => Iterable<string>): Promise<void> {
    this.calibration = (async () => {
      // After the current start-up work; the samples are read in one go (an open SQLite
      // iterator would keep the connection busy).
      await new Promise((resolve) => setImmediate(resolve))
      const byClass = new Map<string, string>()
      for (const hash of samples()) {
        const costClass = legacyCostClass(hash)
        if (costClass !== null && !byClass.has(costClass)) byClass.set(costClass, hash)
      }
      const probe = `calibration-${randomBytes(8).toString('hex')}`
      for (const hash of byClass.values()) {
        for (let sample = 0; sample < FLOOR_SAMPLES; sample++) await this.measureLegacyCost(hash, probe)
      }
    })().catch(() => undefined)
    return this.calibration
  }

  /** The failure floor in force, in milliseconds (tests and the benchmark read it). */
  get failureFloorInMs(): number {
    return Math.max(0, ...this.legacyCosts.values())
  }

  /**
   * Measures one kind of legacy hash once, for the floor, keeping the dearest measurement with its
   * margin; at most CALIBRATION_LIMIT_MS, past which it counts as costing that (the check itself
   * runs on, off the main thread, to its end).
   */
  private async measureLegacyCost(hash: string, probe: string): Promise<void> {
    const costClass = legacyCostClass(hash) as string
    const startedAt = performance.now()
    let timer: NodeJS.Timeout | undefined
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CALIBRATION_LIMIT_MS)
      timer.unref()
    })
    await Promise.race([this.verifyLegacy(hash, probe), limit])
    clearTimeout(timer)
    const cost = Math.min(CALIBRATION_LIMIT_MS, (performance.now() - startedAt) * FLOOR_MARGIN)
    this.legacyCosts.set(costClass, Math.max(this.legacyCosts.get(costClass) ?? 0, cost))
  }

  /** A Django hash's own check, counted in `busy`. */
  private async verifyLegacy(hash: string, password: string): Promise<boolean> {
    this.legacyRunning++
    try {
      return await verifyLegacyHash(hash, password)
    } finally {
      this.legacyRunning--
    }
  }

  /** Called by a failed login begun at `startedAt` (performance.now()): waits out the failure floor. */
  async holdFailedLogin(startedAt: number): Promise<void> {
    await this.calibration
    const wait = this.failureFloorInMs - (performance.now() - startedAt)
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
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
    const parameters = JSON.stringify(this.parameters)
    if (this.dummy?.parameters !== parameters) {
      this.dummy = { parameters, hash: this.hash(`dummy-${Math.random()}-${Date.now()}`) }
    }
    await this.verify(await this.dummy.hash, password)
    return false
  }

  needsRehash(hash: string): boolean {
    if (!hash.startsWith('$argon2id$')) return true
    // Every login asks; a hash made with today's parameters says so in its first characters,
    // without parsing the PHC string (a twentieth of a millisecond, a tenth of a login's own work).
    if (hash.startsWith(this.currentPrefix)) return false
    return argon2.needsRehash(hash, {
      memoryCost: this.parameters.memoryCostInKiB,
      timeCost: this.parameters.timeCost,
      parallelism: this.parameters.parallelism
    })
  }
}
