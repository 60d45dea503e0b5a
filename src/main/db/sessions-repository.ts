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
  /** Names the session across IPC (the Lock screen, the admin's Sessions screen). */
  handle: string | null
  locked_at: number | null
  reauthenticated_at: number | null
  /** Set on a session that ended while it could not be told (locked): its reason, told once. */
  ended_reason: string | null
  previous_sign_in_at: number | null
  previous_sign_in_window: string | null
}

export type NewSessionRow = Omit<SessionRow, 'locked_at' | 'reauthenticated_at' | 'ended_reason'>

/** A session with its user's name, for the lists anyone at the workstation (or an admin) sees. */
export interface NamedSessionRow extends SessionRow {
  username: string
}

/** SQL for the sessions table; it stores a hash of each session's secret, never the token. */
export class SessionRepository {
  private readonly prepare: Prepare

  constructor(db: Db) {
    this.prepare = preparedOnce(db)
  }

  insert(row: NewSessionRow): void {
    this.prepare(
      `INSERT INTO sessions (id, secret_hash, user_id, window_id, created_at, last_seen_at, expires_at, handle,
         previous_sign_in_at, previous_sign_in_window)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      row.id,
      row.secret_hash,
      row.user_id,
      row.window_id,
      row.created_at,
      row.last_seen_at,
      row.expires_at,
      row.handle,
      row.previous_sign_in_at,
      row.previous_sign_in_window
    )
  }

  byId(id: string): SessionRow | undefined {
    return this.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined
  }

  byHandle(handle: string): SessionRow | undefined {
    return this.prepare('SELECT * FROM sessions WHERE handle = ?').get(handle) as SessionRow | undefined
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

  /**
   * Deletes sessions past their end, and unlocked ones not seen since `idleBefore` (a locked
   * session waits for its owner until its lifetime ends); returns how many went.
   */
  deleteEnded(now: number, idleBefore: number): number {
    return this.prepare(
      `DELETE FROM sessions WHERE expires_at <= ?
         OR (locked_at IS NULL AND ended_reason IS NULL AND last_seen_at <= ?)`
    ).run(now, idleBefore).changes
  }

  /** Locks a live session; a second lock keeps the first time. Forgets a confirmed password. */
  lock(id: string, at: number): boolean {
    return (
      this.prepare(
        `UPDATE sessions SET locked_at = coalesce(locked_at, ?), reauthenticated_at = NULL
         WHERE id = ? AND ended_reason IS NULL`
      ).run(at, id).changes === 1
    )
  }

  /** Every live unlocked session (to lock them all when the computer sleeps). */
  activeIds(): string[] {
    return this.prepare('SELECT id FROM sessions WHERE locked_at IS NULL AND ended_reason IS NULL')
      .pluck()
      .all() as string[]
  }

  /** The locked sessions (and those that ended while locked), oldest lock first. */
  locked(): NamedSessionRow[] {
    return this.prepare(
      `SELECT s.*, u.username FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.locked_at IS NOT NULL AND s.handle IS NOT NULL ORDER BY s.locked_at, s.created_at`
    ).all() as NamedSessionRow[]
  }

  /** Every live session, for the administrators' Sessions screen. */
  live(): NamedSessionRow[] {
    return this.prepare(
      `SELECT s.*, u.username FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.ended_reason IS NULL AND s.handle IS NOT NULL ORDER BY s.created_at, u.username_key`
    ).all() as NamedSessionRow[]
  }

  /**
   * Ends a session but keeps its row, so its owner learns `reason` at the next unlock or call. The
   * secret's hash stays only so that call is recognised: every use checks `ended_reason` first.
   */
  endKeepingReason(id: string, reason: string): void {
    this.prepare('UPDATE sessions SET ended_reason = ?, reauthenticated_at = NULL WHERE id = ?').run(reason, id)
  }

  /** An unlocked session moves to `windowId` with a new secret: no earlier token opens it again. */
  unlock(id: string, secretHash: Buffer, windowId: string, at: number): void {
    this.prepare(
      `UPDATE sessions SET locked_at = NULL, secret_hash = ?, window_id = ?, last_seen_at = ?, reauthenticated_at = NULL
       WHERE id = ?`
    ).run(secretHash, windowId, at, id)
  }

  setReauthenticated(id: string, at: number): void {
    this.prepare('UPDATE sessions SET reauthenticated_at = ? WHERE id = ?').run(at, id)
  }

  /** The user's sign-in before this one (time, window), replaced by this one's. */
  swapLastSignIn(userId: number, at: number, windowId: string): { at: number; window_id: string } | undefined {
    const previous = this.prepare('SELECT at, window_id FROM last_sign_ins WHERE user_id = ?').get(userId) as
      { at: number; window_id: string } | undefined
    this.prepare(
      `INSERT INTO last_sign_ins (user_id, at, window_id) VALUES (?, ?, ?)
       ON CONFLICT(user_id) DO UPDATE SET at = excluded.at, window_id = excluded.window_id`
    ).run(userId, at, windowId)
    return previous
  }
}
