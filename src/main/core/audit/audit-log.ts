import type { AuditEventView, AuditPage } from '../../../shared/admin-views'
import type { AuditKind } from '../../../shared/audit-kinds'
import type { AuditEventRepository, AuditFilter } from '../../db/audit-events-repository'
import type { UserRepository } from '../../db/users-repository'
import { FieldErrors, fieldError } from '../support/errors'
import type { Clock } from '../support/clock'
import { usernameKey } from '../accounts/identity'
import { RepeatFolding } from './repeat-folding'

export type AuditOutcome = 'success' | 'failure'

export interface AuditEntry {
  kind: AuditKind
  outcome: AuditOutcome
  actor?: { id: number; username: string } | null
  subject?: { id: number | null; username: string } | null
  /** Free text for people; never a password, token or code. */
  detail?: string | null
}

export interface AuditQuery extends AuditFilterQuery {
  offset: number
  limit: number
}

/** The Audit trail's filter as typed: From and To are days ('YYYY-MM-DD', both included); '' = any. */
export interface AuditFilterQuery {
  user: string
  kind: string
  from?: string
  to?: string
  outcome?: '' | AuditOutcome
  search?: string
}

const dayInMilliseconds = 24 * 60 * 60 * 1000
/** While the app runs, events past the retention period go at most this often (at a write). */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000

export interface AuditOptions {
  /** The retention in force (settings may change while the app runs); absent: no pruning at writes. */
  retentionInDays?: () => number
}

/** Midnight (the workstation's calendar) starting the day `text`, plus `days`; null for ''; a field error for a non-date. */
function dayStart(text: string | undefined, field: 'from' | 'to', days: number): number | null {
  const value = text?.trim() ?? ''
  if (value === '') return null
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  const at = match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days).getTime() : Number.NaN
  if (Number.isNaN(at)) {
    const errors = new FieldErrors()
    errors.add(field, fieldError('date_invalid'))
    errors.throwIfAny()
  }
  return at
}

/** The audit trail: who did what to whom, when, and whether it worked. */
export class AuditLog {
  private readonly folding: RepeatFolding
  private lastPrune: number

  constructor(
    private readonly events: AuditEventRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    /** Told of every event once stored (the host's log keeps the failures); not of folded repeats. */
    private readonly onRecord: (entry: AuditEntry) => void = () => {},
    private readonly options: AuditOptions = {}
  ) {
    this.folding = new RepeatFolding((id, count, lastAt) => this.events.setRepeats(id, count, lastAt))
    this.lastPrune = clock.now()
  }

  /** Stores an event; a refusal repeated (or past the rate limit) only adds to a stored row's count. */
  record(entry: AuditEntry): void {
    const now = this.clock.now()
    this.pruneWhileRunning(now)
    if (!RepeatFolding.folds(entry)) {
      this.insert(entry, now)
      return
    }
    const admitted = this.folding.admit(entry, now)
    if (admitted) this.folding.stored(admitted.key, this.insert(admitted.entry, now), now)
  }

  private insert(entry: AuditEntry, at: number): number {
    const id = this.events.insert({
      at,
      kind: entry.kind,
      outcome: entry.outcome,
      actorId: entry.actor?.id ?? null,
      actorUsername: entry.actor?.username ?? null,
      subjectId: entry.subject?.id ?? null,
      subjectUsername: entry.subject?.username ?? null,
      detail: entry.detail ?? null
    })
    this.onRecord(entry)
    return id
  }

  /** `audit.retentionInDays` holds while the app runs, not only from its start. */
  private pruneWhileRunning(now: number): void {
    if (!this.options.retentionInDays || now - this.lastPrune < PRUNE_INTERVAL_MS) return
    this.lastPrune = now
    this.prune(this.options.retentionInDays())
  }

  /**
   * Newest first; `user` matches actor or subject by name ignoring case, `kind` exactly; '' = any.
   * Names of deleted accounts match too; a name tried at login that matched no account is not kept.
   */
  list(query: AuditQuery): AuditPage {
    this.folding.flush()
    return this.events.page(this.filter(query), query.offset, query.limit)
  }

  /** Every event the filter matches, oldest first, read as it goes. */
  matching(query: AuditFilterQuery): IterableIterator<AuditEventView> {
    this.folding.flush()
    return this.events.oldestFirst(this.filter(query))
  }

  private filter(query: AuditFilterQuery): AuditFilter {
    const user = query.user.trim()
    // NOCASE folds ASCII only; the account's stored name catches "ÉMILE" for "émile".
    const stored = user ? (this.users.byUsernameKey(usernameKey(user))?.username ?? user) : null
    const usernames = !user ? [] : stored === user ? [user] : [user, stored as string]
    return {
      usernames,
      kind: query.kind.trim() || null,
      from: dayStart(query.from, 'from', 0),
      to: dayStart(query.to, 'to', 1),
      outcome: query.outcome || null,
      search: query.search?.trim() || null
    }
  }

  /** Deletes events older than the retention period; returns how many went. */
  prune(retentionInDays: number): number {
    return this.events.deleteBefore(this.clock.now() - retentionInDays * dayInMilliseconds)
  }
}
