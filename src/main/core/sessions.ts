import { createHash, timingSafeEqual } from 'node:crypto'
import type { Db } from '../db/database'
import { preparedOnce } from '../db/statements'
import type { Clock, RandomBytes } from './clock'
import type { SessionEndReason } from '../../shared/views'

export interface SessionSettings {
  lifetimeInSeconds: number
  idleTimeoutInSeconds: number
}

export interface SessionRecord {
  id: string
  userId: number
  windowId: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
}

export type SessionCheck =
  | { status: 'valid'; session: SessionRecord }
  | { status: 'ended'; reason: SessionEndReason }

/** "Last seen" is written at most this often, so a busy window does not write on every call. */
const lastSeenWriteIntervalInMilliseconds = 30 * 1000

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest()

interface SessionRow {
  id: string
  secret_hash: Buffer
  user_id: number
  window_id: string
  created_at: number
  last_seen_at: number
  expires_at: number
}

/** Told which sessions `deleteAllForUser` ended (by id) and why, so their windows can be told once. */
export type SessionsEndedListener = (sessionIds: string[], reason: SessionEndReason) => void

/**
 * Sessions in the Lucia style: the token is `id.secret`; only SHA-256(secret) is stored and it
 * is compared in constant time. The token never leaves the main process: a window is signed in
 * because the main process maps the window to its token.
 */
export class SessionStore {
  private readonly endedListeners: SessionsEndedListener[] = []

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly randomBytes: RandomBytes,
    private readonly settings: SessionSettings
  ) {}

  /** Returns the token; the caller keeps it in main-process memory only. */
  create(userId: number, windowId: string): string {
    const id = this.randomBytes(15).toString('base64url')
    const secret = this.randomBytes(24).toString('base64url')
    const now = this.clock.now()
    preparedOnce(this.db)(
      `INSERT INTO sessions (id, secret_hash, user_id, window_id, created_at, last_seen_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`
    ).run(id, sha256(secret), userId, windowId, now, now, now + this.settings.lifetimeInSeconds * 1000)
    return `${id}.${secret}`
  }

  /**
   * Checks a token presented on behalf of `windowId` and marks activity. An unknown, forged or
   * foreign-window token is simply `revoked` (whoever heard it end through `onSessionsEnded`
   * knows more); idle and expired sessions are deleted and say so.
   */
  check(token: string, windowId: string, { touch = true } = {}): SessionCheck {
    const row = this.find(token)
    if (!row || row.window_id !== windowId) return { status: 'ended', reason: 'revoked' }
    const now = this.clock.now()
    // A lifetime shortened on the Settings screen applies to sessions already running too.
    const expiresAt = Math.min(row.expires_at, row.created_at + this.settings.lifetimeInSeconds * 1000)
    if (now >= expiresAt) return this.end(row.id, 'expired')
    if (now - row.last_seen_at >= this.settings.idleTimeoutInSeconds * 1000) return this.end(row.id, 'idle')
    if (touch && now - row.last_seen_at >= lastSeenWriteIntervalInMilliseconds) {
      this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(now, row.id)
      row.last_seen_at = now
    }
    return { status: 'valid', session: toRecord(row) }
  }

  delete(token: string): void {
    const row = this.find(token)
    if (row) this.db.prepare('DELETE FROM sessions WHERE id = ?').run(row.id)
  }

  /**
   * Ends every session of the user except `keepToken`'s; returns how many ended. The listeners
   * hear which and why (the window registry keeps the reason, so each window is told once).
   */
  deleteAllForUser(userId: number, keepToken?: string, reason: SessionEndReason = 'revoked'): number {
    const keepId = keepToken ? keepToken.split('.')[0] : ''
    const ended = this.db
      .prepare('DELETE FROM sessions WHERE user_id = ? AND id != ? RETURNING id')
      .all(userId, keepId) as { id: string }[]
    const ids = ended.map(({ id }) => id)
    for (const listener of this.endedListeners) listener(ids, reason)
    return ended.length
  }

  onSessionsEnded(listener: SessionsEndedListener): void {
    this.endedListeners.push(listener)
  }

  deleteExpired(): number {
    const now = this.clock.now()
    return this.db
      .prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?')
      .run(now, now - this.settings.idleTimeoutInSeconds * 1000).changes
  }

  private find(token: string): SessionRow | null {
    const dot = token.indexOf('.')
    if (dot <= 0) return null
    const id = token.slice(0, dot)
    // Every call from a signed-in window comes through here: compiled once per connection.
    const row = preparedOnce(this.db)('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined
    if (!row) return null
    const presented = sha256(token.slice(dot + 1))
    return timingSafeEqual(presented, row.secret_hash) ? row : null
  }

  private end(id: string, reason: SessionEndReason): SessionCheck {
    this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id)
    return { status: 'ended', reason }
  }
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    windowId: row.window_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at
  }
}
