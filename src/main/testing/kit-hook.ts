import { createHash, timingSafeEqual } from 'node:crypto'
import type { Services } from '../core/services'
import { OffsetClock } from './kit-clock'
import { runKitRequest } from './kit-requests'

/** Set by the testers' kit when it launches the app: a fresh random secret per launch. */
export const KIT_SECRET_ENV = 'LOCAL_ACCOUNTS_KIT_SECRET'
/** Where the hook sits on the main process's global object, for Playwright's `evaluate`. */
export const KIT_HOOK_KEY = Symbol.for('local-accounts.testing-kit')
/** Shorter than this, a secret could be guessed; the kit's are 32 random bytes. */
const MIN_SECRET_CHARS = 32

export type KitHook = (secret: unknown, request: unknown) => Promise<unknown>

export interface KitAccess {
  /** The clock the app's services must be built with. */
  clock: OffsetClock
  /** Puts the hook on the global object, for this app's services. */
  install(services: Services): void
}

/**
 * The testers' kit's way into a running app (test accounts, the outbox, the test clock), taken
 * only when the kit started this process with a per-launch secret, and never in a packaged app,
 * whatever its environment says. The secret leaves the environment at once, so nothing the app
 * starts inherits it. A normal start gets null: no hook, the system clock, nothing to move it.
 */
export function acceptKit(
  env: NodeJS.ProcessEnv,
  host: { packaged: boolean; warn(message: string): void }
): KitAccess | null {
  const secret = env[KIT_SECRET_ENV]
  if (secret === undefined) return null
  delete env[KIT_SECRET_ENV]
  if (host.packaged) {
    host.warn(`${KIT_SECRET_ENV} refused: a packaged app never takes the testers' kit (no test clock, no kit hook)`)
    return null
  }
  if (secret.length < MIN_SECRET_CHARS) {
    host.warn(`${KIT_SECRET_ENV} refused: shorter than ${MIN_SECRET_CHARS} characters`)
    return null
  }
  const clock = new OffsetClock()
  return {
    clock,
    install: (services) => {
      ;(globalThis as Record<symbol, unknown>)[KIT_HOOK_KEY] = kitHook(secret, services, clock)
    }
  }
}

/** A request with the launch's secret is carried out; any other is refused before it is read. */
export function kitHook(secret: string, services: Services, clock: OffsetClock): KitHook {
  const expected = digest(secret)
  return async (given, request) => {
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      throw new Error('The testers’ kit hook refused a request without this launch’s secret.')
    }
    return runKitRequest(services, clock, request)
  }
}

// Equal-length digests, so the comparison takes the same time whatever was given.
const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()
