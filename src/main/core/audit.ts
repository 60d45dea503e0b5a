import type { Db } from '../db/database'
import type { Clock } from './clock'
import { usernameKey } from './identity'
import type { AuditEventView, AuditPage } from '../../shared/admin-views'

export type AuditOutcome = 'success' | 'failure'

export interface AuditEntry {
  kind: string
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
  private readonly insert
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Told of every event once stored (the host's log keeps the failures). */
    private readonly onRecord: (entry: AuditEntry) => void = () => {}
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_events (at, kind, outcome, actor_user_id, actor_username, subject_user_id, subject_username, detail)
       VALUES (@at, @kind, @outcome, @actorId, @actorUsername, @subjectId, @subjectUsername, @detail)`
    )
  }

  record(entry: AuditEntry): void {
    this.insert.run({
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
    const where: string[] = []
    const params: Record<string, string | number> = {}
    const user = query.user.trim()
    if (user) {
      // NOCASE folds ASCII only; the account's stored name catches "ÉMILE" for "émile".
      where.push(
        `(subject_username = @user COLLATE NOCASE OR actor_username = @user COLLATE NOCASE
          OR subject_username = @stored COLLATE NOCASE OR actor_username = @stored COLLATE NOCASE)`
      )
      params.user = user
      params.stored = this.storedUsername(user) ?? user
    }
    const kind = query.kind.trim()
    if (kind) {
      where.push('kind = @kind')
      params.kind = kind
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : ''
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM audit_events ${clause}`).get(params) as { n: number }
    ).n
    const rows = this.db
      .prepare(
        `SELECT id, at, kind, outcome, actor_username AS actorUsername, subject_username AS subjectUsername, detail
         FROM audit_events ${clause} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`
      )
      .all({ ...params, limit: query.limit, offset: query.offset }) as AuditEventView[]
    return { total, rows }
  }

  private storedUsername(typed: string): string | null {
    const row = this.db.prepare('SELECT username FROM users WHERE username_key = ?').get(usernameKey(typed)) as
      | { username: string }
      | undefined
    return row?.username ?? null
  }

  /** Deletes events older than the retention period; returns how many went. */
  prune(retentionInDays: number): number {
    const cutoff = this.clock.now() - retentionInDays * dayInMilliseconds
    return this.db.prepare('DELETE FROM audit_events WHERE at < ?').run(cutoff).changes
  }
}
