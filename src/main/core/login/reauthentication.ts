import type { UserRecord } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import type { SessionRecord, SessionStore } from '../sessions/session-store'
import type { Clock } from '../support/clock'
import type { PasswordConfirmation } from './password-confirmation'

/** How long a password confirmed again is remembered in its session. */
export const REAUTHENTICATION_MS = 5 * 60 * 1000

/**
 * Confirm it's you: before a sensitive change the signed-in person gives their password again.
 * It is remembered on the session (so every window and process agrees) for a few minutes, and
 * forgotten when the session locks. A wrong one counts toward the lockout; guessing into a lock
 * signs the window out, as a wrong old password does on Change password.
 */
export class Reauthentication {
  constructor(
    private readonly deps: {
      clock: Clock
      sessions: SessionStore
      audit: AuditLog
      confirmation: PasswordConfirmation
    }
  ) {}

  async confirm(user: UserRecord, token: string, password: string): Promise<void> {
    const { sessions, audit, confirmation } = this.deps
    await confirmation.confirm(user, password, 'reauthenticated', () => sessions.delete(token))
    const session = sessions.peek(token)
    if (!session) return
    sessions.markReauthenticated(session.id)
    audit.record({ kind: 'reauthenticated', outcome: 'success', actor: user, subject: user })
  }

  /** Whether the session confirmed its password recently enough for a sensitive change now. */
  isFresh(session: SessionRecord): boolean {
    const at = session.reauthenticatedAt
    return at !== null && this.deps.clock.now() - at < REAUTHENTICATION_MS
  }
}
