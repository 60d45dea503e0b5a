import { randomBytes as nodeRandomBytes } from 'node:crypto'

/** Injected so expiry, lockout and idle sign-out are tested without sleeping. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /**
   * Resolves once now() has reached `at`. Absent: a real timer. A test's clock resolves it when
   * the test moves the clock, so delays are tested without sleeping.
   */
  sleepUntil?(at: number): Promise<void>
}

export type RandomBytes = (size: number) => Buffer

export const systemClock: Clock = { now: () => Date.now() }
export const systemRandomBytes: RandomBytes = (size) => nodeRandomBytes(size)
