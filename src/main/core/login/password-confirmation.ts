import type { UserRecord } from '../../db/users-repository'
import { usernameKey } from '../accounts/identity'
import type { PasswordVerifier } from '../passwords/verifier'
import { AppError, fieldFailure } from '../support/errors'
import type { Attempt, PasswordAttempts } from './attempts'

export interface PasswordConfirmationDeps {
  attempts: PasswordAttempts
  verifier: PasswordVerifier
}

/**
 * A signed-in person's password asked again (unlocking a locked session, Confirm it's you),
 * through the one attempt protocol: counted before it is verified, so a burst gets no more
 * guesses than the lockout allows, a wrong one counts toward the same lock, and a directory
 * user's is the directory's to decide.
 */
export class PasswordConfirmation {
  constructor(private readonly deps: PasswordConfirmationDeps) {}

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
    const { attempts, verifier } = this.deps
    const attempt: Attempt = { kind, key: usernameKey(user.username), subject: user, actor: user }
    const isTheirs = async (): Promise<boolean> => {
      const verdict = await verifier.verifyLogin(user, user.username, password)
      return verdict.ok && (verdict.shadow === undefined || verdict.shadow?.id === user.id)
    }
    try {
      await attempts.check(attempt, isTheirs, { detail: 'wrong password', error: passwordIncorrect })
    } catch (error) {
      if (error instanceof AppError && error.code === 'locked_out') onLockedOut()
      throw error
    }
  }
}

const passwordIncorrect = (): AppError => fieldFailure('password', 'password_incorrect')
