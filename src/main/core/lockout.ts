import type { Db } from '../db/database'
import type { Clock } from './clock'

export interface LockoutSettings {
  maxFailures: number
  durationInSeconds: number
}

/**
 * Counts failed logins per username tried — known or not, so a lock reveals nothing — and
 * locks that name after `maxFailures` in a row. A success or an administrator clears it.
 */
export class Lockout {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: LockoutSettings
  ) {}

  /** Milliseconds since the epoch until which `key` is locked, or null. */
  lockedUntil(key: string): number | null {
    const row = this.db.prepare('SELECT locked_until FROM login_throttle WHERE username_key = ?').get(key) as
      | { locked_until: number | null }
      | undefined
    const until = row?.locked_until ?? null
    return until !== null && until > this.clock.now() ? until : null
  }

  /** Records a failure; returns true when this failure locked the name. */
  recordFailure(key: string): boolean {
    const now = this.clock.now()
    const row = this.db
      .prepare('SELECT failures, locked_until FROM login_throttle WHERE username_key = ?')
      .get(key) as { failures: number; locked_until: number | null } | undefined
    // A lock that has run out starts a fresh count.
    const previous = row && !(row.locked_until !== null && row.locked_until <= now) ? row.failures : 0
    const failures = previous + 1
    const lock = failures >= this.settings.maxFailures ? now + this.settings.durationInSeconds * 1000 : null
    this.db
      .prepare(
        `INSERT INTO login_throttle (username_key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT(username_key) DO UPDATE SET failures = excluded.failures,
           last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`
      )
      .run(key, lock ? 0 : failures, now, lock)
    return lock !== null
  }

  clear(key: string): void {
    this.db.prepare('DELETE FROM login_throttle WHERE username_key = ?').run(key)
  }
}
