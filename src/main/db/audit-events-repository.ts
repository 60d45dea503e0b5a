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
  /** Times in milliseconds: `from` inclusive, `to` exclusive; null = open. */
  from?: number | null
  to?: number | null
  outcome?: 'success' | 'failure' | null
  /** Text anywhere in the actor's or subject's name or the detail, ignoring ASCII case. */
  search?: string | null
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
    const params: Record<string, string | number> = {}
    const clause = whereClause(filter, params)
    const total = (this.prepare(`SELECT count(*) AS n FROM audit_events ${clause}`).get(params) as { n: number }).n
    const rows = this.prepare(
      `SELECT id, at, kind, outcome, actor_username AS actorUsername, subject_username AS subjectUsername,
         CASE WHEN repeat_count > 1 THEN coalesce(detail || ' ', '') || '(' || repeat_count || ' times, the last at ' ||
           strftime('%Y-%m-%d %H:%M:%S UTC', last_at / 1000, 'unixepoch') || ')' ELSE detail END AS detail
       FROM audit_events ${clause} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`
    ).all({ ...params, limit, offset }) as AuditEventView[]
    return { total, rows }
  }

  /** Every matching event, oldest first, read as it goes (an export of any size). */
  *oldestFirst(filter: AuditFilter): IterableIterator<AuditEventView> {
    const params: Record<string, string | number> = {}
    const clause = whereClause(filter, params)
    yield* this.prepare(
      `SELECT id, at, kind, outcome, actor_username AS actorUsername, subject_username AS subjectUsername, detail
       FROM audit_events ${clause} ORDER BY at, id`
    ).iterate(params) as IterableIterator<AuditEventView>
  }

  /** Deletes events before `cutoff`; returns how many went. */
  deleteBefore(cutoff: number): number {
    return this.prepare('DELETE FROM audit_events WHERE at < ?').run(cutoff).changes
  }
}

/** The WHERE clause for a filter, its parameters put in `params`. */
function whereClause(filter: AuditFilter, params: Record<string, string | number>): string {
  const where: string[] = []
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
  if (filter.from != null) {
    where.push('at >= @from')
    params.from = filter.from
  }
  if (filter.to != null) {
    where.push('at < @to')
    params.to = filter.to
  }
  if (filter.outcome) {
    where.push('outcome = @outcome')
    params.outcome = filter.outcome
  }
  if (filter.search) {
    // LIKE with its wildcards escaped: the text is matched as typed.
    params.search = `%${filter.search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
    where.push(
      "(actor_username LIKE @search ESCAPE '\\' OR subject_username LIKE @search ESCAPE '\\' OR detail LIKE @search ESCAPE '\\')"
    )
  }
  return where.length ? `WHERE ${where.join(' AND ')}` : ''
}
