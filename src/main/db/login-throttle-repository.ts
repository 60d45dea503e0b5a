import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

export interface ThrottleRow {
  failures: number
  locked_until: number | null
}

/** SQL for login_throttle: failed logins per name key, and the lock they set. */
export class LoginThrottleRepository {
  private readonly prepare: Prepare

  constructor(db: Db) {
    this.prepare = preparedOnce(db)
  }

  row(key: string): ThrottleRow | undefined {
    return this.prepare('SELECT failures, locked_until FROM login_throttle WHERE username_key = ?').get(key) as
      ThrottleRow | undefined
  }

  write(key: string, failures: number, at: number, lockedUntil: number | null): void {
    this.prepare(
      `INSERT INTO login_throttle (username_key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT(username_key) DO UPDATE SET failures = excluded.failures,
         last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`
    ).run(key, failures, at, lockedUntil)
  }

  delete(key: string): void {
    this.prepare('DELETE FROM login_throttle WHERE username_key = ?').run(key)
  }
}
