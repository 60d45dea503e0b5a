import { createHash } from 'node:crypto'
import type { AttemptFailureRepository } from '../../db/attempt-failures-repository'
import { type ThrottlePauseRepository, WORKSTATION_KEY } from '../../db/throttle-pauses-repository'
import type { Clock, RandomBytes } from '../support/clock'

export interface ThrottleLimits {
  /** Failures one window may make per period answered at once; null: windows are not counted one by one. */
  perWindow: number | null
  /** Failures all windows together may make per period answered at once. */
  workstationWide: number
  periodInSeconds: number
}

/** Which allowance a failure just used up, if any. */
export type LimitReached = 'window' | 'workstation' | null

/** When a failure's answer may go, and which allowance it used up. */
export interface Slowdown {
  answerAt: number
  reached: LimitReached
}

/**
 * Past a window's allowance each of its failures waits twice as long as the one before (1 s, 2 s,
 * 4 s… up to a minute). Past the workstation's, every failure from any window waits its turn
 * behind the others, each turn a little longer (250 ms, doubling every 5 failures, up to 10 s):
 * a prober's rate is bounded, while a person's right answer never waits.
 */
const WINDOW_DELAY = { baseMs: 1000, maxMs: 60_000, doublingEvery: 1 }
const WORKSTATION_DELAY = { baseMs: 250, maxMs: 10_000, doublingEvery: 5 }

const delayAfter = (excess: number, delay: typeof WINDOW_DELAY): number =>
  Math.round(Math.min(delay.maxMs, delay.baseMs * 2 ** ((excess - 1) / delay.doublingEvery)))

/** Waiters of a scope in this process, let go at once when an administrator lifts its pause. */
const liftSignals = new Map<string, { promise: Promise<void>; release: () => void }>()

function liftSignal(scope: string): Promise<void> {
  let signal = liftSignals.get(scope)
  if (!signal) {
    let release = (): void => {}
    const promise = new Promise<void>((resolve) => (release = resolve))
    signal = { promise, release }
    liftSignals.set(scope, signal)
  }
  return signal.promise
}

/** Lets go every failure of `scope` waiting in this process (after its pause was lifted). */
export function releaseWaiters(scope: string): void {
  liftSignals.get(scope)?.release()
  liftSignals.delete(scope)
}

/** Resolves when `clock` reaches `at`: the clock's own wait, or a real timer. */
export function sleepUntil(clock: Clock, at: number): Promise<void> {
  if (clock.sleepUntil) return clock.sleepUntil(at)
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - clock.now())))
}

/**
 * Failures of one kind (`scope`), counted in the database for one window and for the whole
 * workstation over a sliding period. Past an allowance nobody is refused: the failure's answer
 * is slowed (see the delays above), so probing for names or guessing codes gets slow for the
 * prober while everyone else's successes go through at once. Nothing is answered before its
 * turn, and the turns are kept in the database (throttle_pauses), so a burst of calls, or a
 * second process on the same folder, waits in the same queue. An administrator sees and lifts
 * the pause (ProbePauses).
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
    private readonly pauses: ThrottlePauseRepository,
    readonly scope: string,
    readonly limits: ThrottleLimits
  ) {
    this.windowSalt = randomBytes(16)
  }

  /** Counts one failure and takes its turn; call in the transaction that decided it was one. */
  record(windowId: string): Slowdown {
    const now = this.clock.now()
    const key = this.windowKey(windowId)
    this.failures.record(key, now, this.periodStart())
    const all = this.failures.count(null, this.periodStart())
    const mine = this.limits.perWindow === null ? 0 : this.failures.count(key, this.periodStart())
    let answerAt = now
    if (all > this.limits.workstationWide) {
      answerAt = this.takeTurn(WORKSTATION_KEY, delayAfter(all - this.limits.workstationWide, WORKSTATION_DELAY), now)
    }
    if (this.limits.perWindow !== null && mine > this.limits.perWindow) {
      answerAt = Math.max(answerAt, this.takeTurn(key, delayAfter(mine - this.limits.perWindow, WINDOW_DELAY), now))
    }
    const reached =
      all === this.limits.workstationWide + 1
        ? 'workstation'
        : mine === (this.limits.perWindow ?? 0) + 1
          ? 'window'
          : null
    return { answerAt, reached }
  }

  /** Waits until a slowed failure may be answered, or until an administrator lifts the pause. */
  async waitFor(slowdown: Slowdown): Promise<void> {
    if (slowdown.answerAt <= this.clock.now()) return
    await Promise.race([sleepUntil(this.clock, slowdown.answerAt), liftSignal(this.scope)])
  }

  /** Failures of one window since `since` (milliseconds since the epoch), within the period. */
  windowCountSince(windowId: string, since: number): number {
    return this.failures.count(this.windowKey(windowId), Math.max(since - 1, this.periodStart()))
  }

  /** The next turn after the last one taken for `key`, `delay` later; stored for the next failure. */
  private takeTurn(key: Buffer, delay: number, now: number): number {
    const at = Math.max(now, this.pauses.nextAt(this.scope, key)) + delay
    this.pauses.setNextAt(this.scope, key, at, now)
    return at
  }

  private periodStart(): number {
    return this.clock.now() - this.limits.periodInSeconds * 1000
  }

  private windowKey(windowId: string): Buffer {
    return createHash('sha256').update(this.windowSalt).update(windowId).digest()
  }
}
