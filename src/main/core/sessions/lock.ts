import type { LockedSessionView, SessionEndReason, WorkstationSessionView } from '../../../shared/views'
import type { Db } from '../../db/database'
import type { UserRecord, UserRepository } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import type { PasswordConfirmation } from '../login/password-confirmation'
import { AppError } from '../support/errors'
import type { LockCause, SessionStore } from './session-store'

export interface SessionLocksDeps {
  db: Db
  users: UserRepository
  sessions: SessionStore
  audit: AuditLog
  confirmation: PasswordConfirmation
}

const LOCK_DETAIL: Record<LockCause, string | null> = {
  lock: null,
  idle: 'idle',
  system: 'the computer locked or went to sleep'
}

/** How a session that ended while locked is explained to its owner. */
const ENDED_WHY: Partial<Record<SessionEndReason, string>> = {
  locked_limit: 'because more locked sessions were kept on this workstation than allowed',
  unlock_lockout: 'after too many wrong passwords',
  ended_by_admin: 'by an administrator',
  expired: 'because it reached its time limit'
}

/**
 * Lock, Switch user and Unlock on a shared workstation. The locked state lives in the sessions
 * table, so every window and every process on the data folder sees the same locked sessions.
 */
export class SessionLocks {
  constructor(private readonly deps: SessionLocksDeps) {
    deps.sessions.onSessionLocked((session, cause) => {
      const user = deps.users.byId(session.userId)
      const who = user ? { id: user.id, username: user.username } : null
      deps.audit.record({
        kind: 'session_locked',
        outcome: 'success',
        actor: who,
        subject: who,
        detail: LOCK_DETAIL[cause]
      })
    })
  }

  lock(token: string): void {
    this.deps.sessions.lock(token, 'lock')
  }

  /** The computer locked or went to sleep: every unlocked session locks. */
  lockAll(): number {
    return this.deps.sessions.lockAll('system')
  }

  /** What anyone at the workstation may see of the locked sessions: names and times. */
  lockedSessions(): LockedSessionView[] {
    return this.deps.sessions.lockedSessions().map((session) => ({
      handle: session.handle,
      username: session.username,
      lockedAt: session.lockedAt ?? session.lastSeenAt,
      endedBecause: session.endedBecause
    }))
  }

  /**
   * The locked session `handle` names, opened into `windowId` with its owner's password (a
   * directory user's directory password). A wrong one counts toward the lockout; when the name
   * locks, the locked session ends. No second factor: this session already passed it.
   */
  async unlock(handle: string, password: string, windowId: string): Promise<{ user: UserRecord; token: string }> {
    const { sessions, users, audit, confirmation } = this.deps
    const session = this.lockedSession(handle)
    const user = users.byId(session.userId)
    if (!user || !user.isActive) {
      sessions.endById(session.id, 'revoked')
      throw new AppError('locked_session_ended')
    }
    await confirmation.confirm(user, password, 'unlock_failed', () => sessions.endById(session.id, 'unlock_lockout'))
    const token = this.deps.db
      .transaction(() => {
        // Looked up again: it may have ended, or been opened elsewhere, while the password was verified.
        const current = sessions.byHandle(handle)
        if (!current || current.lockedAt === null || current.endedBecause !== null) {
          throw new AppError('locked_session_ended')
        }
        audit.record({ kind: 'session_unlocked', outcome: 'success', actor: user, subject: user })
        return sessions.unlockInto(current.id, windowId)
      })
      .immediate()
    return { user, token }
  }

  /** Every live session on this workstation; `ownToken` marks the administrator's own. */
  list(ownToken: string): WorkstationSessionView[] {
    const own = this.deps.sessions.peek(ownToken)?.id
    return this.deps.sessions.liveSessions().map((session) => ({
      handle: session.handle,
      username: session.username,
      state: session.lockedAt === null ? 'active' : 'locked',
      since: session.createdAt,
      lastActivityAt: session.lockedAt ?? session.lastSeenAt,
      thisWindow: session.id === own
    }))
  }

  /** An administrator ends a session; its owner is told why at the next call or unlock. */
  endByAdmin(admin: UserRecord, handle: string): void {
    const { sessions, users, audit, db } = this.deps
    db.transaction(() => {
      const session = sessions.byHandle(handle)
      if (!session || session.endedBecause !== null) throw new AppError('not_found')
      const owner = users.byId(session.userId)
      sessions.endKeepingReason(session.id, 'ended_by_admin')
      audit.record({ kind: 'session_ended_by_admin', outcome: 'success', actor: admin, subject: owner ?? null })
    }).immediate()
  }

  /** A locked session by handle; one that ended while locked says why, once, and goes. */
  private lockedSession(handle: string) {
    const { sessions } = this.deps
    const session = sessions.byHandle(handle)
    if (!session || session.lockedAt === null) throw new AppError('locked_session_ended')
    if (session.endedBecause !== null) {
      sessions.endById(session.id, session.endedBecause)
      const why = ENDED_WHY[session.endedBecause]
      throw new AppError('locked_session_ended', why ? { params: { why } } : {})
    }
    return session
  }
}
