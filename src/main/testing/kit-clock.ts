import type { Clock } from '../core/support/clock'

/**
 * The testers' kit's clock: the system time plus an offset the kit moves forward, so idle
 * sign-out, lockout expiry and code expiry can be tested without waiting. It never goes back:
 * time running backwards is not something the app has to survive, so tests should not show it.
 */
export class OffsetClock implements Clock {
  private offsetMs = 0

  now(): number {
    return Date.now() + this.offsetMs
  }

  /** Moves the clock `seconds` forward; returns the whole offset so far, in seconds. */
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('The clock moves forward only: seconds ≥ 0.')
    this.offsetMs += Math.round(seconds * 1000)
    return this.offsetMs / 1000
  }
}
