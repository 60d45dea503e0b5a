import { createHash, timingSafeEqual } from 'node:crypto'
import type { SessionRepository, SessionRow } from '../../db/sessions-repository'
import type { Clock, RandomBytes } from '../support/clock'
import type { SessionEndReason } from '../../../shared/views'

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

export type SessionCheck = { status: 'valid'; session: SessionRecord } | { status: 'ended'; reason: SessionEndReason }

/** "Last seen" is written at most this often, so a busy window does not write on every call. */
const lastSeenWriteIntervalInMilliseconds = 30 * 1000

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest()

/**
 * Sessions in the Lucia style: the token is `id.secret`; only SHA-256(secret) is stored and it
 * is compared in constant time. The token never leaves the main process: a window is signed in
 * because the main process maps the window to its token.
 */
/** Told which sessions `deleteAllForUser` ended (by id) and why, so their windows can be told once. */
export type SessionsEndedListener = (sessionIds: string[], reason: SessionEndReason) => void

export class SessionStore {
  private readonly endedListeners: SessionsEndedListener[] = []

  constructor(
    private readonly rows: SessionRepository,
    private readonly clock: Clock,
    private readonly randomBytes: RandomBytes,
    private readonly settings: SessionSettings
  ) {}

  /** Returns the token; the caller keeps it in main-process memory only. */
  create(userId: number, windowId: string): string {
    const id = this.randomBytes(15).toString('base64url')
    const secret = this.randomBytes(24).toString('base64url')
    const now = this.clock.now()
    this.rows.insert({
      id,
      secret_hash: sha256(secret),
      user_id: userId,
      window_id: windowId,
      created_at: now,
      last_seen_at: now,
      expires_at: now + this.settings.lifetimeInSeconds * 1000
    })
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
      this.rows.touch(row.id, now)
      row.last_seen_at = now
    }
    return { status: 'valid', session: toRecord(row) }
  }

  delete(token: string): void {
    const row = this.find(token)
    if (row) this.rows.delete(row.id)
  }

  /**
   * Ends every session of the user except `keepToken`'s; returns how many ended. The reason is
   * heard by the listeners (the window registry keeps it, so each window is told once why).
   */
  deleteAllForUser(userId: number, keepToken?: string, reason: SessionEndReason = 'revoked'): number {
    const keepId = keepToken ? keepToken.split('.')[0] : ''
    const ended = this.rows.deleteAllForUser(userId, keepId)
    for (const listener of this.endedListeners) listener(ended, reason)
    return ended.length
  }

  onSessionsEnded(listener: SessionsEndedListener): void {
    this.endedListeners.push(listener)
  }

  deleteExpired(): number {
    const now = this.clock.now()
    return this.rows.deleteEnded(now, now - this.settings.idleTimeoutInSeconds * 1000)
  }

  private find(token: string): SessionRow | null {
    const dot = token.indexOf('.')
    if (dot <= 0) return null
    const id = token.slice(0, dot)
    // Every call from a signed-in window comes through here.
    const row = this.rows.byId(id)
    if (!row) return null
    const presented = sha256(token.slice(dot + 1))
    return timingSafeEqual(presented, row.secret_hash) ? row : null
  }

  private end(id: string, reason: SessionEndReason): SessionCheck {
    this.rows.delete(id)
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
