import { createHash, timingSafeEqual } from 'node:crypto'
import { type Db, writeTransaction } from '../../db/database'
import type { NamedSessionRow, SessionRepository, SessionRow } from '../../db/sessions-repository'
import type { Clock, RandomBytes } from '../support/clock'
import type { SessionEndReason } from '../../../shared/views'

export interface SessionSettings {
  lifetimeInSeconds: number
  idleTimeoutInSeconds: number
  /** What idle time does: `lock` keeps the session behind the Lock screen; `logOut` ends it. */
  idleAction?: 'lock' | 'logOut'
  /** Locked sessions kept on this workstation; one more ends the oldest. */
  maxLockedSessions?: number
}

/** Why a session was locked: its owner's choice, idle time, or the computer locking or sleeping. */
export type LockCause = 'lock' | 'idle' | 'system'

/** Told of each session locked here, so it reaches the audit trail whatever locked it. */
export type SessionLockedListener = (session: SessionRecord, cause: LockCause) => void

/** The default of `sessions.maxLockedSessions`, for settings objects made before it existed. */
const DEFAULT_MAX_LOCKED = 5

export interface SessionRecord {
  id: string
  userId: number
  windowId: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  handle: string
  /** Set while the session is locked: every user channel is refused until it is unlocked. */
  lockedAt: number | null
  /** When the password was last confirmed in this session (Confirm it's you); null after a lock. */
  reauthenticatedAt: number | null
  /** The user's sign-in before this session's, and the window it was made in. */
  previousSignIn: { at: number; windowId: string } | null
}

/** A session just started: its token (kept in main) and the record as written, so nobody reads it back. */
export interface NewSession {
  token: string
  session: SessionRecord
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
  private readonly lockedListeners: SessionLockedListener[] = []

  constructor(
    private readonly db: Db,
    private readonly rows: SessionRepository,
    private readonly clock: Clock,
    private readonly randomBytes: RandomBytes,
    private readonly settings: SessionSettings
  ) {}

  /** Starts a session; the caller keeps its token in main-process memory only. */
  create(userId: number, windowId: string): NewSession {
    const id = this.randomBytes(15).toString('base64url')
    const secret = this.randomBytes(24).toString('base64url')
    const now = this.clock.now()
    const previous = this.rows.swapLastSignIn(userId, now, windowId)
    const row = {
      id,
      secret_hash: sha256(secret),
      user_id: userId,
      window_id: windowId,
      created_at: now,
      last_seen_at: now,
      expires_at: now + this.settings.lifetimeInSeconds * 1000,
      handle: this.newHandle(),
      previous_sign_in_at: previous?.at ?? null,
      previous_sign_in_window: previous?.window_id ?? null
    }
    this.rows.insert(row)
    return {
      token: `${id}.${secret}`,
      session: toRecord({ ...row, locked_at: null, reauthenticated_at: null, ended_reason: null })
    }
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
    if (this.hasEnded(row, now)) return this.end(row.id, endReasonOf(row))
    // A locked session is not active: it neither idles out nor counts a call as activity.
    if (row.locked_at !== null) return { status: 'valid', session: toRecord(row) }
    const idleSince = row.last_seen_at + this.settings.idleTimeoutInSeconds * 1000
    if (now >= idleSince) {
      if (this.settings.idleAction === 'logOut') return this.end(row.id, 'idle')
      this.lockById(row.id, 'idle', Math.min(now, idleSince))
      return { status: 'valid', session: toRecord(this.rows.byId(row.id) ?? row) }
    }
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

  /** Whether a session by id exists and has not ended (locked counts as live). */
  isLive(id: string): boolean {
    const row = this.rows.byId(id)
    return row !== undefined && !this.hasEnded(row, this.clock.now())
  }

  /** The session `token` names, as it stands (no activity marked, no idle check), or null. */
  peek(token: string): SessionRecord | null {
    const row = this.find(token)
    return row && row.ended_reason === null ? toRecord(row) : null
  }

  /**
   * Locks the session (`lock`, `idle` or `system`): it stays, hidden, until its password opens
   * it. Past `maxLockedSessions` the oldest locked session ends, keeping its reason for its owner.
   */
  lock(token: string, cause: LockCause): void {
    const row = this.find(token)
    if (row) this.lockById(row.id, cause, this.clock.now())
  }

  /** Locks every unlocked session (the computer locked or went to sleep); returns how many. */
  lockAll(cause: LockCause): number {
    const ids = this.rows.activeIds()
    for (const id of ids) this.lockById(id, cause, this.clock.now())
    return ids.length
  }

  /** Locked sessions, oldest first; those that ended while locked say why. Past their lifetime they go. */
  lockedSessions(): NamedSessionRecord[] {
    return this.withinLifetime(this.rows.locked()).map((row) => ({
      ...toRecord(row),
      username: row.username,
      endedBecause: endReasonIfEnded(row)
    }))
  }

  /** Every live session on this workstation, for the administrators' Sessions screen. */
  liveSessions(): NamedSessionRecord[] {
    return this.withinLifetime(this.rows.live()).map((row) => ({
      ...toRecord(row),
      username: row.username,
      endedBecause: null
    }))
  }

  /** Drops (and deletes) the rows past their lifetime; a row that ended while locked stays until then. */
  private withinLifetime(rows: NamedSessionRow[]): NamedSessionRow[] {
    const now = this.clock.now()
    return rows.filter((row) => {
      if (now < this.endOfLife(row)) return true
      this.rows.delete(row.id)
      return false
    })
  }

  /** The session a handle names, live or ended while locked, or null. */
  byHandle(handle: string): (SessionRecord & { endedBecause: SessionEndReason | null }) | null {
    const row = this.rows.byHandle(handle)
    if (!row) return null
    const now = this.clock.now()
    if (row.ended_reason === null && this.hasEnded(row, now)) {
      this.rows.delete(row.id)
      return null
    }
    return { ...toRecord(row), endedBecause: endReasonIfEnded(row) }
  }

  /** Ends a session by id but keeps its row and `reason`, so its owner is told at the next unlock. */
  endKeepingReason(id: string, reason: SessionEndReason): void {
    this.rows.endKeepingReason(id, reason)
    for (const listener of this.endedListeners) listener([id], reason)
  }

  /** Ends a session by id now (its row goes); the listeners hear why. */
  endById(id: string, reason: SessionEndReason): void {
    this.rows.delete(id)
    for (const listener of this.endedListeners) listener([id], reason)
  }

  /** An unlocked session moves into `windowId` under a new token; the old one opens nothing. */
  unlockInto(id: string, windowId: string): string {
    const secret = this.randomBytes(24).toString('base64url')
    this.rows.unlock(id, sha256(secret), windowId, this.clock.now())
    return `${id}.${secret}`
  }

  markReauthenticated(id: string): void {
    this.rows.setReauthenticated(id, this.clock.now())
  }

  onSessionLocked(listener: SessionLockedListener): void {
    this.lockedListeners.push(listener)
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

  private lockById(id: string, cause: LockCause, at: number): void {
    const pushedOut = writeTransaction(this.db, () => {
      if (!this.rows.lock(id, at)) return []
      const locked = this.rows.locked().filter((row) => row.ended_reason === null)
      const max = this.settings.maxLockedSessions ?? DEFAULT_MAX_LOCKED
      const oldest = locked.slice(0, Math.max(0, locked.length - max))
      for (const row of oldest) this.rows.endKeepingReason(row.id, 'locked_limit')
      return oldest.map((row) => row.id)
    })
    const row = this.rows.byId(id)
    if (row) for (const listener of this.lockedListeners) listener(toRecord(row), cause)
    if (pushedOut.length) for (const listener of this.endedListeners) listener(pushedOut, 'locked_limit')
  }

  /** Past its lifetime (one shortened on the Settings screen applies to running sessions too), or ended while locked. */
  private hasEnded(row: SessionRow, now: number): boolean {
    return row.ended_reason !== null || now >= this.endOfLife(row)
  }

  private endOfLife(row: SessionRow): number {
    return Math.min(row.expires_at, row.created_at + this.settings.lifetimeInSeconds * 1000)
  }

  private newHandle(): string {
    return this.randomBytes(16).toString('base64url')
  }

  private find(token: string): SessionRow | null {
    const dot = token.indexOf('.')
    if (dot <= 0) return null
    const id = token.slice(0, dot)
    // Every call from a signed-in window comes through here.
    const row = this.rows.byId(id)
    if (!row) return null
    const presented = sha256(token.slice(dot + 1))
    return presented.length === row.secret_hash.length && timingSafeEqual(presented, row.secret_hash) ? row : null
  }

  private end(id: string, reason: SessionEndReason): SessionCheck {
    this.rows.delete(id)
    return { status: 'ended', reason }
  }
}

export interface NamedSessionRecord extends SessionRecord {
  username: string
  endedBecause: SessionEndReason | null
}

const KEPT_REASONS: readonly SessionEndReason[] = ['locked_limit', 'unlock_lockout', 'ended_by_admin', 'expired']

function endReasonIfEnded(row: SessionRow): SessionEndReason | null {
  if (row.ended_reason === null) return null
  return (KEPT_REASONS as readonly string[]).includes(row.ended_reason)
    ? (row.ended_reason as SessionEndReason)
    : 'revoked'
}

const endReasonOf = (row: SessionRow): SessionEndReason => endReasonIfEnded(row) ?? 'expired'

function toRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    windowId: row.window_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    handle: row.handle ?? '',
    lockedAt: row.locked_at,
    reauthenticatedAt: row.reauthenticated_at,
    previousSignIn:
      row.previous_sign_in_at === null
        ? null
        : { at: row.previous_sign_in_at, windowId: row.previous_sign_in_window ?? '' }
  }
}
