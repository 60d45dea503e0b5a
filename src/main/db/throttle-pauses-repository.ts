import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

/** The workstation's key in throttle_pauses (a window's is its keyed hash). */
export const WORKSTATION_KEY = Buffer.alloc(0)

/** SQL for throttle_pauses: when the next slowed answer of a scope may go, for the workstation and per window. */
export class ThrottlePauseRepository {
  private readonly prepare: Prepare

  constructor(db: Db) {
    this.prepare = preparedOnce(db)
  }

  nextAt(scope: string, key: Buffer): number {
    const row = this.prepare('SELECT next_at FROM throttle_pauses WHERE scope = ? AND window_key = ?').get(
      scope,
      key
    ) as { next_at: number } | undefined
    return row?.next_at ?? 0
  }

  /** Sets `key`'s next slot and forgets slots already past. */
  setNextAt(scope: string, key: Buffer, at: number, now: number): void {
    this.prepare('DELETE FROM throttle_pauses WHERE scope = ? AND next_at <= ?').run(scope, now)
    this.prepare(
      `INSERT INTO throttle_pauses (scope, window_key, next_at) VALUES (?, ?, ?)
       ON CONFLICT(scope, window_key) DO UPDATE SET next_at = excluded.next_at`
    ).run(scope, key, at)
  }

  /** Slots still ahead of `now`: the workstation's (or 0) and how many windows have one. */
  ahead(scope: string, now: number): { workstationUntil: number; windows: number } {
    const rows = this.prepare('SELECT window_key, next_at FROM throttle_pauses WHERE scope = ? AND next_at > ?').all(
      scope,
      now
    ) as { window_key: Buffer; next_at: number }[]
    const workstation = rows.find((row) => row.window_key.length === 0)
    return { workstationUntil: workstation?.next_at ?? 0, windows: rows.length - (workstation ? 1 : 0) }
  }

  clear(scope: string): void {
    this.prepare('DELETE FROM throttle_pauses WHERE scope = ?').run(scope)
  }
}
