import { createHmac } from 'node:crypto'
import type { Db } from '../../db/database'
import type { LoginThrottleRepository, ThrottleRow } from '../../db/login-throttle-repository'
import { readSecret } from '../../db/secrets-repository'
import type { Clock } from '../support/clock'

export interface LockoutSettings {
  maxFailures: number
  durationInSeconds: number
}

/** Whether a password may be verified for a name now. */
export type Admission = { admitted: true } | { admitted: false; lockedUntil: number; lockedNow: boolean }

/** After a wrong password: the lock that now holds (null for none), and whether this failure set it. */
export interface FailureOutcome {
  lockedUntil: number | null
  lockedNow: boolean
  /** Wrong passwords this name may still take before the next one locks it (0 once locked). */
  attemptsLeft: number
}

/**
 * Counts failed logins per name tried — known or not, so a lock reveals nothing — and locks that
 * name after `maxFailures` in a row. A success or an administrator clears it.
 *
 * An attempt is counted *before* its password is verified (`admit`), so however many calls arrive
 * at once, at most `maxFailures` passwords are verified for a name before it locks: the others
 * are refused without a verification. `forgive` clears the count after a right password unless a
 * lock came meanwhile, and `fail` only ever adds to a count or sets a lock, never lifts one.
 * Call each inside an IMMEDIATE transaction, so two windows or two processes take turns.
 *
 * Keys are a known account's username key; a name that matches no account may be a password
 * typed into the wrong field, so it is keyed by an HMAC (`unknownNameKey`) and never stored.
 */
export class Lockout {
  private secret: Buffer | null = null

  constructor(
    private readonly db: Db,
    private readonly throttle: LoginThrottleRepository,
    private readonly clock: Clock,
    private readonly settings: LockoutSettings
  ) {}

  /**
   * The throttle key of a name that matches no account: HMAC-SHA256 under this data folder's
   * secret, so the database cannot give the text back. `#` cannot occur in a username key.
   */
  unknownNameKey(nameKey: string): string {
    // Made by a migration, so it is always there.
    this.secret ??= readSecret(this.db, 'login_throttle_key') as Buffer
    return `#${createHmac('sha256', this.secret).update(nameKey, 'utf8').digest('hex')}`
  }

  /** Milliseconds since the epoch until which `key` is locked, or null. */
  lockedUntil(key: string): number | null {
    const until = this.row(key)?.locked_until ?? null
    return until !== null && until > this.clock.now() ? until : null
  }

  /**
   * Counts an attempt about to verify a password, or refuses it: while locked, and when
   * `maxFailures` attempts are already counted (then the name locks now, so a password still
   * being verified in another call cannot log in either).
   */
  admit(key: string): Admission {
    const now = this.clock.now()
    const row = this.row(key)
    const running = row?.locked_until ?? null
    if (running !== null && running > now) return { admitted: false, lockedUntil: running, lockedNow: false }
    // A lock that has run out starts a fresh count.
    const counted = row && running === null ? row.failures : 0
    if (counted >= this.settings.maxFailures) {
      const until = now + this.settings.durationInSeconds * 1000
      this.write(key, counted, now, until)
      return { admitted: false, lockedUntil: until, lockedNow: true }
    }
    this.write(key, counted + 1, now, null)
    return { admitted: true }
  }

  /** An admitted attempt's password was wrong: its count stands, and the name locks at the limit. */
  fail(key: string): FailureOutcome {
    const now = this.clock.now()
    const row = this.row(key)
    if (row?.locked_until != null) return { lockedUntil: this.lockedUntil(key), lockedNow: false, attemptsLeft: 0 }
    // Cleared meanwhile (a right password elsewhere, an administrator): this failure still counts.
    const failures = row ? row.failures : 1
    const until = failures >= this.settings.maxFailures ? now + this.settings.durationInSeconds * 1000 : null
    this.write(key, failures, now, until)
    return {
      lockedUntil: until,
      lockedNow: until !== null,
      attemptsLeft: Math.max(0, this.settings.maxFailures - failures)
    }
  }

  /** How long a lock lasts, in whole minutes (what a warning before it says). */
  get lockMinutes(): number {
    return Math.max(1, Math.round(this.settings.durationInSeconds / 60))
  }

  /**
   * An admitted attempt's password was right: clears the count and returns null, or, if the name
   * locked while it was verified, changes nothing and returns the lock's end.
   */
  forgive(key: string): number | null {
    const locked = this.lockedUntil(key)
    if (locked === null) this.clear(key)
    return locked
  }

  /**
   * An admitted attempt's password was right but a second factor is still due: its own count is
   * taken back and the earlier ones stay, so a known password neither adds to nor wipes out the
   * count of guessed codes. Returns the lock's end if the name locked while it was verified.
   */
  withdraw(key: string): number | null {
    const locked = this.lockedUntil(key)
    if (locked !== null) return locked
    const row = this.row(key)
    if (row && row.failures > 1) this.write(key, row.failures - 1, this.clock.now(), null)
    else if (row) this.clear(key)
    return null
  }

  clear(key: string): void {
    this.throttle.delete(key)
  }

  private row(key: string): ThrottleRow | undefined {
    return this.throttle.row(key)
  }

  private write(key: string, failures: number, at: number, lockedUntil: number | null): void {
    this.throttle.write(key, failures, at, lockedUntil)
  }
}
