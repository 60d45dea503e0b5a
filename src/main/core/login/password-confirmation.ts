import type { Db } from '../../db/database'
import type { UserRecord } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import { usernameKey } from '../accounts/identity'
import type { DirectoryAccounts } from '../directory/directory-accounts'
import type { PasswordHasher } from '../passwords/hasher'
import { PasswordVerifier } from '../passwords/verifier'
import type { Clock } from '../support/clock'
import { AppError, FieldErrors, fieldError } from '../support/errors'
import { lockedOut, PasswordAttempts, type Attempt } from './attempts'
import type { Lockout } from './lockout'

export interface PasswordConfirmationDeps {
  db: Db
  clock: Clock
  hasher: PasswordHasher
  lockout: Lockout
  audit: AuditLog
  directory?: DirectoryAccounts | null
}

/**
 * A signed-in person's password asked again (unlocking a locked session, Confirm it's you),
 * through the login's attempt protocol: counted before it is verified, so a burst gets no more
 * guesses than the lockout allows, a wrong one counts toward the same lock, and a directory
 * user's is the directory's to decide. The one place these two meet the attempt API.
 */
export class PasswordConfirmation {
  private readonly attempts: PasswordAttempts
  private readonly verifier: PasswordVerifier

  constructor(private readonly deps: PasswordConfirmationDeps) {
    this.attempts = new PasswordAttempts(deps)
    this.verifier = new PasswordVerifier(deps)
  }

  /**
   * Resolves when `password` is the user's. Otherwise throws a `password` field error, or
   * `locked_out` once the name is locked, after calling `onLockedOut` (the caller ends the session).
   */
  async confirm(
    user: UserRecord,
    password: string,
    kind: 'unlock_failed' | 'reauthenticated',
    onLockedOut: () => void
  ): Promise<void> {
    const { db, lockout, clock } = this.deps
    const attempt: Attempt = { kind, key: usernameKey(user.username), subject: user, actor: user }
    try {
      this.attempts.admit(attempt)
    } catch (error) {
      if (error instanceof AppError && error.code === 'locked_out') onLockedOut()
      throw error
    }
    const verdict = await this.verifier.verifyAdmitted(attempt, user, user.username, password)
    const right = verdict.ok && (verdict.shadow === undefined || verdict.shadow?.id === user.id)
    if (!right) {
      const error = this.attempts.wrongPassword(attempt, 'wrong password')
      if (error.code === 'locked_out') {
        onLockedOut()
        throw error
      }
      throw passwordIncorrect()
    }
    const lockedUntil = db.transaction(() => lockout.forgive(attempt.key)).immediate()
    if (lockedUntil !== null) {
      onLockedOut()
      throw lockedOut(lockedUntil, clock.now())
    }
  }
}

function passwordIncorrect(): AppError {
  const errors = new FieldErrors()
  errors.add('password', fieldError('password_incorrect'))
  return errors.toError()
}
