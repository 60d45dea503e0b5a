import { type Db, writeTransaction } from '../../db/database'
import type { AttemptThrottle, Slowdown } from '../login/attempt-throttle'
import type { AuditLog } from '../audit/audit-log'
import { AppError } from '../support/errors'

/** Field error codes that tell the person signing up that an account exists. */
const revealing = new Set(['username_taken', 'email_taken'])

/** Per 15 minutes, answered at once: a person trying names finds a free one well within these. */
export const SIGN_UP_LIMITS = { perWindow: 10, workstationWide: 30, periodInSeconds: 15 * 60 }

/**
 * Sign-up answers `username_taken` and `email_taken`, so it can be used to learn who has an
 * account. Such failures are counted per window and workstation-wide (see AttemptThrottle) and
 * audited without the text typed; past an allowance their answers are slowed, more and more, so
 * probing gets slow while a sign-up with a free name and address goes through at once. Failures
 * that reveal nothing (a weak password, a malformed address) are not counted.
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
  async screen<T>(windowId: string, validate: () => T): Promise<T> {
    const outcome = writeTransaction(this.db, (): { value: T } | { error: unknown; slowdown?: Slowdown } => {
      try {
        return { value: validate() }
      } catch (error) {
        const codes = revealingCodes(error)
        // Returned, not thrown: a throw would roll the count back.
        return codes.length > 0 ? { error, slowdown: this.count(windowId, codes) } : { error }
      }
    })
    if ('value' in outcome) return outcome.value
    if (outcome.slowdown) await this.throttle.waitFor(outcome.slowdown)
    throw outcome.error
  }

  private count(windowId: string, codes: string[]): Slowdown {
    const slowdown = this.throttle.record(windowId)
    this.audit.record({ kind: 'sign_up', outcome: 'failure', detail: codes.join(', ') })
    if (slowdown.reached) {
      const where = slowdown.reached === 'workstation' ? 'on this workstation' : 'in one window'
      this.audit.record({
        kind: 'sign_up',
        outcome: 'failure',
        detail: `many sign-ups found a name or address taken ${where}: such answers are slowed there`
      })
    }
    return slowdown
  }
}

function revealingCodes(error: unknown): string[] {
  if (!(error instanceof AppError) || !error.fields) return []
  const codes = Object.values(error.fields).flatMap((list) => list.map((field) => field.code))
  return [...new Set(codes.filter((code) => revealing.has(code)))].sort()
}
