import type { AuditEntry } from './audit-log'

/** How long repeats of one refusal fold into its row; after that a new row starts. */
export const FOLD_PERIOD_MS = 10 * 60 * 1000
/** Identical refusals in a period that still get rows of their own (as many as a lock allows, often). */
export const SEPARATE_ROWS = 10
/** The count on a folded row is written at most this often (and when the trail is read). */
export const FOLD_WRITE_INTERVAL_MS = 5 * 1000
/** New refusal rows a minute, all windows together; past it they fold into one row per kind. */
export const REFUSAL_ROWS_PER_MINUTE = 60
/** Distinct refusals remembered for folding; the oldest go first. */
const REMEMBERED = 1000

interface Fold {
  /** The row repeats are counted on: the latest of this refusal's own rows. */
  id: number
  firstAt: number
  /** Rows of its own this refusal has had in the period. */
  rows: number
  count: number
  written: number
  lastAt: number
}

/** Where folded counts are written: row `id` happened `count` times, the last at `lastAt`. */
export type WriteRepeats = (id: number, count: number, lastAt: number) => boolean

/**
 * Refusals repeat: a loop of logIn against a locked name, or made-up names, asks for thousands
 * of identical "login failure" rows a second, and each costs a write. Here identical refusals
 * (same kind, outcome, actor, subject and detail) within FOLD_PERIOD_MS get SEPARATE_ROWS rows,
 * then only add to the last one's count, written at most every FOLD_WRITE_INTERVAL_MS; and past REFUSAL_ROWS_PER_MINUTE new
 * rows in a minute, further refusals fold into one "over the rate limit" row per kind. Only
 * refusals and lockouts fold: every success keeps its own row.
 */
export class RepeatFolding {
  private readonly folds = new Map<string, Fold>()
  private minuteStart = 0
  private rowsThisMinute = 0
  private lastWrite = 0

  constructor(private readonly writeRepeats: WriteRepeats) {}

  static folds(entry: AuditEntry): boolean {
    return entry.outcome === 'failure' || entry.kind === 'lockout'
  }

  /**
   * The entry to store as a new row (the given one, or its rate-limited stand-in), or null when
   * it was folded into a row already stored. Call `stored` with the new row's id.
   */
  admit(entry: AuditEntry, now: number): { entry: AuditEntry; key: string } | null {
    if (now - this.minuteStart >= 60_000) {
      this.minuteStart = now
      this.rowsThisMinute = 0
    }
    const key = foldKey(entry)
    if (this.fold(key, now, SEPARATE_ROWS)) return null
    if (this.rowsThisMinute < REFUSAL_ROWS_PER_MINUTE) return { entry, key }
    const overflow: AuditEntry = {
      kind: entry.kind,
      outcome: entry.outcome,
      detail: `more refusals than the audit trail records one by one (over ${REFUSAL_ROWS_PER_MINUTE} a minute)`
    }
    const overflowKey = foldKey(overflow)
    return this.fold(overflowKey, now, 1) ? null : { entry: overflow, key: overflowKey }
  }

  stored(key: string, id: number, now: number): void {
    this.rowsThisMinute++
    const earlier = this.folds.get(key)
    if (earlier) {
      Object.assign(earlier, { id, rows: earlier.rows + 1, count: 1, written: 1, lastAt: now })
      return
    }
    this.folds.set(key, { id, firstAt: now, rows: 1, count: 1, written: 1, lastAt: now })
    if (this.folds.size > REMEMBERED) {
      const [oldestKey, oldest] = this.folds.entries().next().value as [string, Fold]
      this.writeFold(oldest)
      this.folds.delete(oldestKey)
    }
  }

  /** Writes every count not yet stored (before the trail is read). */
  flush(): void {
    for (const [key, fold] of this.folds) if (!this.writeFold(fold)) this.folds.delete(key)
  }

  private fold(key: string, now: number, separateRows: number): boolean {
    const fold = this.folds.get(key)
    if (!fold || now - fold.firstAt >= FOLD_PERIOD_MS) {
      if (fold) this.writeFold(fold)
      this.folds.delete(key)
      return false
    }
    if (fold.rows < separateRows) return false
    fold.count++
    fold.lastAt = now
    if (now - this.lastWrite >= FOLD_WRITE_INTERVAL_MS) {
      this.lastWrite = now
      this.flush()
    }
    return true
  }

  /** False when its row is gone (pruned, or its transaction rolled back). */
  private writeFold(fold: Fold): boolean {
    if (fold.count === fold.written) return true
    const exists = this.writeRepeats(fold.id, fold.count, fold.lastAt)
    fold.written = fold.count
    return exists
  }
}

const foldKey = (entry: AuditEntry): string =>
  JSON.stringify([
    entry.kind,
    entry.outcome,
    entry.actor?.id ?? null,
    entry.subject?.id ?? null,
    entry.subject?.username ?? null,
    entry.detail ?? null
  ])
