import type { UserRecord } from '../../db/users-repository'
import { type Db, writeTransaction } from '../../db/database'
import type { AuditLog } from '../audit/audit-log'
import type { Clock } from '../support/clock'
import { AppError, FieldErrors, fieldError, invalidCredentials } from '../support/errors'
import type { Lockout } from './lockout'

/**
 * One try of a password against the lockout: `key` is the Lockout key of the name, `subject`
 * the account it names (null for a name that matches none), `actor` the signed-in user, if any.
 */
export interface Attempt {
  /** Also the audit kind a failure is recorded under (an unlock's is `unlock_failed`). */
  kind: 'login' | 'password_change' | 'unlock_failed' | 'reauthenticated'
  key: string
  subject: UserRecord | null
  actor: UserRecord | null
}

/** Password tries (login, change of password) counted by the lockout and written to the audit trail. */
export class PasswordAttempts {
  constructor(private readonly deps: { db: Db; lockout: Lockout; audit: AuditLog; clock: Clock }) {}

  /** Counts an attempt before its password is verified, or throws `locked_out` (audited). */
  admit(attempt: Attempt): void {
    const { db, lockout, clock } = this.deps
    const admission = writeTransaction(db, () => {
      const result = lockout.admit(attempt.key)
      if (!result.admitted) {
        this.audit(attempt, 'locked out')
        if (result.lockedNow) this.auditLockout(attempt)
      }
      return result
    })
    if (!admission.admitted) throw lockedOut(admission.lockedUntil, clock.now())
  }

  /** A wrong password, recorded and answered (`invalid_credentials`, or `locked_out` at the limit). */
  wrongPassword(attempt: Attempt, detail: string): AppError {
    return writeTransaction(this.deps.db, () => this.recordWrongPassword(attempt, detail))
  }

  /** Call inside a transaction; returns the error to answer. */
  recordWrongPassword(attempt: Attempt, detail: string): AppError {
    const { lockedUntil, lockedNow, attemptsLeft } = this.deps.lockout.fail(attempt.key)
    this.audit(attempt, detail)
    if (lockedNow) this.auditLockout(attempt)
    if (lockedUntil !== null) return lockedOut(lockedUntil, this.deps.clock.now())
    if (attempt.kind !== 'login') return oldPasswordIncorrect()
    // Counted by the name's key alone, so a known and an unknown name are warned alike.
    return attemptsLeft === 1
      ? invalidCredentials({ attemptsLeft, minutes: this.deps.lockout.lockMinutes })
      : invalidCredentials()
  }

  /** A name that matches no account is kept out of the audit: it may be a password typed in the wrong field. */
  audit(attempt: Attempt, detail: string): void {
    this.deps.audit.record({
      kind: attempt.kind,
      outcome: 'failure',
      actor: attempt.actor,
      subject: attempt.subject,
      detail: attempt.subject ? detail : `${detail} (unknown name)`
    })
  }

  private auditLockout(attempt: Attempt): void {
    this.deps.audit.record({
      kind: 'lockout',
      outcome: 'success',
      subject: attempt.subject,
      detail: attempt.subject ? LOCKOUT_DETAIL[attempt.kind] : 'unknown name'
    })
  }
}

/** What a lockout's audit line says set it, by the kind of attempt. */
const LOCKOUT_DETAIL: Record<Attempt['kind'], string | null> = {
  login: null,
  password_change: 'wrong old passwords',
  unlock_failed: 'wrong unlock passwords',
  reauthenticated: "wrong passwords at Confirm it's you"
}

function oldPasswordIncorrect(): AppError {
  const errors = new FieldErrors()
  errors.add('oldPassword', fieldError('old_password_incorrect'))
  return errors.toError()
}

export function lockedOut(until: number, now: number): AppError {
  const minutes = Math.max(1, Math.ceil((until - now) / 60000))
  return new AppError('locked_out', { params: { minutes } })
}
