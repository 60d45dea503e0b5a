import { type Db, writeTransaction } from '../../db/database'
import type { AttemptThrottle } from '../login/attempt-throttle'
import type { AuditLog } from '../audit/audit-log'
import { AppError } from '../support/errors'

/** Field error codes that tell the person signing up that an account exists. */
const revealing = new Set(['username_taken', 'email_taken'])

/** Per 15 minutes: a person trying names finds a free one well within these. */
export const SIGN_UP_LIMITS = { perWindow: 10, workstationWide: 30, periodInSeconds: 15 * 60 }

/**
 * Sign-up answers `username_taken` and `email_taken`, so it can be used to learn who has an
 * account. Such failures are counted per window and workstation-wide (see AttemptThrottle) and
 * audited without the text typed; past a limit sign-up answers `too_many_attempts` before
 * looking at any name, so a refused probe learns nothing. Failures that reveal nothing (a weak
 * password, a malformed address) are not counted.
 */
export class SignUpThrottle {
  constructor(
    private readonly db: Db,
    private readonly throttle: AttemptThrottle,
    private readonly audit: AuditLog
  ) {}

  /**
   * Runs `validate` (the sign-up form's checks, synchronous) under the throttle, in one
   * immediate transaction with the check and the count, so a burst cannot outrun the limit.
   */
  screen<T>(windowId: string, validate: () => T): T {
    const outcome = writeTransaction(this.db, (): { value: T } | { error: unknown } => {
      const refusal = this.throttle.refusal(windowId)
      if (refusal) return { error: refusal }
      try {
        return { value: validate() }
      } catch (error) {
        const codes = revealingCodes(error)
        if (codes.length > 0) this.count(windowId, codes)
        // Returned, not thrown: a throw would roll the count back.
        return { error }
      }
    })
    if ('error' in outcome) throw outcome.error
    return outcome.value
  }

  private count(windowId: string, codes: string[]): void {
    const reached = this.throttle.record(windowId)
    this.audit.record({ kind: 'sign_up', outcome: 'failure', detail: codes.join(', ') })
    if (reached) {
      const where = reached === 'workstation' ? 'on this workstation' : 'in one window'
      this.audit.record({
        kind: 'sign_up',
        outcome: 'failure',
        detail: `too many sign-ups that found a name or address taken ${where}: sign-up refused there for up to ${this.throttle.periodInMinutes} minutes`
      })
    }
  }
}

function revealingCodes(error: unknown): string[] {
  if (!(error instanceof AppError) || !error.fields) return []
  const codes = Object.values(error.fields).flatMap((list) => list.map((field) => field.code))
  return [...new Set(codes.filter((code) => revealing.has(code)))].sort()
}
