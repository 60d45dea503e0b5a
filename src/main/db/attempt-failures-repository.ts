import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

/** SQL for attempt_failures: failures of one kind (`scope`), by keyed window hash and time. */
export class AttemptFailureRepository {
  private readonly prepare: Prepare

  constructor(
    db: Db,
    private readonly scope: string
  ) {
    this.prepare = preparedOnce(db)
  }

  /** Forgets failures up to `before`, then records one for `windowKey` at `at`. */
  record(windowKey: Buffer, at: number, before: number): void {
    this.prepare('DELETE FROM attempt_failures WHERE scope = ? AND at <= ?').run(this.scope, before)
    this.prepare('INSERT INTO attempt_failures (scope, window_key, at) VALUES (?, ?, ?)').run(this.scope, windowKey, at)
  }

  /** Failures after `since`, of one window or (null) of all. */
  count(windowKey: Buffer | null, since: number): number {
    const { n } = this.prepare(
      'SELECT count(*) AS n FROM attempt_failures WHERE scope = ? AND at > ? AND (? IS NULL OR window_key = ?)'
    ).get(this.scope, since, windowKey, windowKey) as { n: number }
    return n
  }

  /** Forgets every failure of this scope (an administrator lifted its pause). */
  clear(): void {
    this.prepare('DELETE FROM attempt_failures WHERE scope = ?').run(this.scope)
  }

  /** The time of the failure after the first `skip` ones since `since`, oldest first. */
  timeAfter(windowKey: Buffer | null, since: number, skip: number): number {
    const row = this.prepare(
      `SELECT at FROM attempt_failures WHERE scope = ? AND at > ? AND (? IS NULL OR window_key = ?)
       ORDER BY at LIMIT 1 OFFSET ?`
    ).get(this.scope, since, windowKey, windowKey, skip) as { at: number }
    return row.at
  }
}
