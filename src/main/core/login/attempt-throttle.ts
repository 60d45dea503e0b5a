import { createHash } from 'node:crypto'
import type { AttemptFailureRepository } from '../../db/attempt-failures-repository'
import type { Clock, RandomBytes } from '../support/clock'
import { AppError } from '../support/errors'

export interface ThrottleLimits {
  /** Failures one window may make per period; null: windows are not limited one by one. */
  perWindow: number | null
  /** Failures all windows together may make per period. */
  workstationWide: number
  periodInSeconds: number
}

/** Which limit a failure just reached, if any. */
export type LimitReached = 'window' | 'workstation' | null

/**
 * Failures of one kind (`scope`), counted in the database for one window and for the whole
 * workstation over a sliding period. Past a limit, `refusal` answers `too_many_attempts` until
 * enough failures have aged out of the period.
 *
 * The counts live in the database, not in memory, so that every window of every process on the
 * data folder adds to the same count, and a check and its count can share one immediate
 * transaction: a burst of calls cannot all pass the check before any of them is counted.
 *
 * A window id can be had for nothing (a new browser context, a new window), so the per-window
 * limit only slows one careless window; the workstation-wide limit is the one that holds. Its
 * price is that one person can make everyone wait for a while: on a shared workstation that is
 * the better failure, and each limit reached is in the audit trail for an administrator.
 *
 * Windows are stored as a keyed hash: a preview window id is its cookie, and the database
 * should hold nothing a reader could replay. The key is per process, so two app instances on
 * one folder never share a window count.
 */
export class AttemptThrottle {
  private readonly windowSalt: Buffer

  /** `failures`: the repository of this throttle's scope (`sign_up`, `reset_code`). */
  constructor(
    private readonly failures: AttemptFailureRepository,
    private readonly clock: Clock,
    randomBytes: RandomBytes,
    readonly limits: ThrottleLimits
  ) {
    this.windowSalt = randomBytes(16)
  }

  /** The error to answer now instead of trying, or null. Call in the transaction that counts. */
  refusal(windowId: string): AppError | null {
    const since = this.periodStart()
    const workstation = this.retryAt(null, this.limits.workstationWide, since)
    const window =
      this.limits.perWindow === null ? null : this.retryAt(this.windowKey(windowId), this.limits.perWindow, since)
    const until = Math.max(workstation ?? 0, window ?? 0)
    return until > 0 ? tooManyAttempts(until - this.clock.now()) : null
  }

  /** Counts one failure (and forgets those past the period); says which limit it reached. */
  record(windowId: string): LimitReached {
    const now = this.clock.now()
    const key = this.windowKey(windowId)
    this.failures.record(key, now, this.periodStart())
    if (this.count(null, this.periodStart()) === this.limits.workstationWide) return 'workstation'
    if (this.limits.perWindow !== null && this.count(key, this.periodStart()) === this.limits.perWindow) return 'window'
    return null
  }

  /** Failures of one window since `since` (milliseconds since the epoch), within the period. */
  windowCountSince(windowId: string, since: number): number {
    return this.count(this.windowKey(windowId), Math.max(since - 1, this.periodStart()))
  }

  /** Whole minutes a refusal lasts at most: for audit details. */
  get periodInMinutes(): number {
    return Math.ceil(this.limits.periodInSeconds / 60)
  }

  private periodStart(): number {
    return this.clock.now() - this.limits.periodInSeconds * 1000
  }

  private count(windowKey: Buffer | null, since: number): number {
    return this.failures.count(windowKey, since)
  }

  /** When the count of `windowKey` (null: all windows) drops below `limit` again, or null if it is below. */
  private retryAt(windowKey: Buffer | null, limit: number, since: number): number | null {
    const excess = this.count(windowKey, since) - limit
    if (excess < 0) return null
    // The failure whose ageing out brings the count back under the limit.
    return this.failures.timeAfter(windowKey, since, excess) + this.limits.periodInSeconds * 1000
  }

  private windowKey(windowId: string): Buffer {
    return createHash('sha256').update(this.windowSalt).update(windowId).digest()
  }
}

function tooManyAttempts(waitInMilliseconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(waitInMilliseconds / 60000))
  return new AppError('too_many_attempts', { params: { minutes } })
}
