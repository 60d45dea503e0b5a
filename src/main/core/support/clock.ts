import { randomBytes as nodeRandomBytes } from 'node:crypto'

/** Injected so expiry, lockout and idle sign-out are tested without sleeping. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

export type RandomBytes = (size: number) => Buffer

export const systemClock: Clock = { now: () => Date.now() }
export const systemRandomBytes: RandomBytes = (size) => nodeRandomBytes(size)
