import type { AuditEventView } from '../../shared/admin-views'
import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

export interface AuditEventRow {
  at: number
  kind: string
  outcome: 'success' | 'failure'
  actorId: number | null
  actorUsername: string | null
  subjectId: number | null
  subjectUsername: string | null
  detail: string | null
}

/** Which events a page shows: '' or null matches any. `usernames` match actor or subject, ignoring ASCII case. */
export interface AuditFilter {
  usernames: string[]
  kind: string | null
}

/** SQL for the audit_events table. */
export class AuditEventRepository {
  private readonly prepare: Prepare

  constructor(db: Db) {
    this.prepare = preparedOnce(db)
  }

  /** Returns the new row's id. */
  insert(row: AuditEventRow): number {
    return Number(
      this.prepare(
        `INSERT INTO audit_events (at, kind, outcome, actor_user_id, actor_username, subject_user_id, subject_username, detail)
         VALUES (@at, @kind, @outcome, @actorId, @actorUsername, @subjectId, @subjectUsername, @detail)`
      ).run(row).lastInsertRowid
    )
  }

  /** Sets how many times row `id`'s event happened, the last at `lastAt`; false if the row is gone. */
  setRepeats(id: number, count: number, lastAt: number): boolean {
    return (
      this.prepare('UPDATE audit_events SET repeat_count = ?, last_at = ? WHERE id = ?').run(count, lastAt, id)
        .changes > 0
    )
  }

  /** Newest first, with the count of every match. */
  page(filter: AuditFilter, offset: number, limit: number): { total: number; rows: AuditEventView[] } {
    const where: string[] = []
    const params: Record<string, string | number> = {}
    if (filter.usernames.length > 0) {
      // One statement text per number of names, so each is still prepared once.
      const names = filter.usernames.map((name, i) => {
        params[`user${i}`] = name
        return `subject_username = @user${i} COLLATE NOCASE OR actor_username = @user${i} COLLATE NOCASE`
      })
      where.push(`(${names.join(' OR ')})`)
    }
    if (filter.kind) {
      where.push('kind = @kind')
      params.kind = filter.kind
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : ''
    const total = (this.prepare(`SELECT count(*) AS n FROM audit_events ${clause}`).get(params) as { n: number }).n
    const rows = this.prepare(
      `SELECT id, at, kind, outcome, actor_username AS actorUsername, subject_username AS subjectUsername,
         CASE WHEN repeat_count > 1 THEN coalesce(detail || ' ', '') || '(' || repeat_count || ' times, the last at ' ||
           strftime('%Y-%m-%d %H:%M:%S UTC', last_at / 1000, 'unixepoch') || ')' ELSE detail END AS detail
       FROM audit_events ${clause} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`
    ).all({ ...params, limit, offset }) as AuditEventView[]
    return { total, rows }
  }

  /** Deletes events before `cutoff`; returns how many went. */
  deleteBefore(cutoff: number): number {
    return this.prepare('DELETE FROM audit_events WHERE at < ?').run(cutoff).changes
  }
}
