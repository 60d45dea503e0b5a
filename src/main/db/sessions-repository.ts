import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

export interface SessionRow {
  id: string
  secret_hash: Buffer
  user_id: number
  window_id: string
  created_at: number
  last_seen_at: number
  expires_at: number
}

/** SQL for the sessions table; it stores a hash of each session's secret, never the token. */
export class SessionRepository {
  private readonly prepare: Prepare

  constructor(db: Db) {
    this.prepare = preparedOnce(db)
  }

  insert(row: SessionRow): void {
    this.prepare(
      `INSERT INTO sessions (id, secret_hash, user_id, window_id, created_at, last_seen_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`
    ).run(row.id, row.secret_hash, row.user_id, row.window_id, row.created_at, row.last_seen_at, row.expires_at)
  }

  byId(id: string): SessionRow | undefined {
    return this.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined
  }

  touch(id: string, at: number): void {
    this.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(at, id)
  }

  delete(id: string): void {
    this.prepare('DELETE FROM sessions WHERE id = ?').run(id)
  }

  /** Deletes every session of the user but `keepId`; returns the ids that went. */
  deleteAllForUser(userId: number, keepId: string): string[] {
    const ended = this.prepare('DELETE FROM sessions WHERE user_id = ? AND id != ? RETURNING id').all(
      userId,
      keepId
    ) as {
      id: string
    }[]
    return ended.map(({ id }) => id)
  }

  /** Deletes sessions past their end or not seen since `idleBefore`; returns how many went. */
  deleteEnded(now: number, idleBefore: number): number {
    return this.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?').run(now, idleBefore).changes
  }
}
