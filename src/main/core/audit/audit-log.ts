import type { AuditPage } from '../../../shared/admin-views'
import type { AuditKind } from '../../../shared/audit-kinds'
import type { AuditEventRepository } from '../../db/audit-events-repository'
import type { UserRepository } from '../../db/users-repository'
import type { Clock } from '../support/clock'
import { usernameKey } from '../accounts/identity'

export type AuditOutcome = 'success' | 'failure'

export interface AuditEntry {
  kind: AuditKind
  outcome: AuditOutcome
  actor?: { id: number; username: string } | null
  subject?: { id: number | null; username: string } | null
  /** Free text for people; never a password, token or code. */
  detail?: string | null
}

export interface AuditQuery {
  user: string
  kind: string
  offset: number
  limit: number
}

const dayInMilliseconds = 24 * 60 * 60 * 1000

/** The audit trail: who did what to whom, when, and whether it worked. */
export class AuditLog {
  constructor(
    private readonly events: AuditEventRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    /** Told of every event once stored (the host's log keeps the failures). */
    private readonly onRecord: (entry: AuditEntry) => void = () => {}
  ) {}

  record(entry: AuditEntry): void {
    this.events.insert({
      at: this.clock.now(),
      kind: entry.kind,
      outcome: entry.outcome,
      actorId: entry.actor?.id ?? null,
      actorUsername: entry.actor?.username ?? null,
      subjectId: entry.subject?.id ?? null,
      subjectUsername: entry.subject?.username ?? null,
      detail: entry.detail ?? null
    })
    this.onRecord(entry)
  }

  /**
   * Newest first; `user` matches actor or subject by name ignoring case, `kind` exactly; '' = any.
   * Names of deleted accounts match too; a name tried at login that matched no account is not kept.
   */
  list(query: AuditQuery): AuditPage {
    const user = query.user.trim()
    // NOCASE folds ASCII only; the account's stored name catches "ÉMILE" for "émile".
    const stored = user ? (this.users.byUsernameKey(usernameKey(user))?.username ?? user) : null
    const usernames = !user ? [] : stored === user ? [user] : [user, stored as string]
    return this.events.page({ usernames, kind: query.kind.trim() || null }, query.offset, query.limit)
  }

  /** Deletes events older than the retention period; returns how many went. */
  prune(retentionInDays: number): number {
    return this.events.deleteBefore(this.clock.now() - retentionInDays * dayInMilliseconds)
  }
}
