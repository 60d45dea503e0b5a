import type { UserRecord } from '../../db/users-repository'
import { AppError } from '../support/errors'

/**
 * A password an administrator set is handed over once: its first login spends it (sign-in.ts),
 * and that session must replace it before anything else. Since setting it ends every session of
 * the account and a spent one opens no other, a session whose user still must change the password
 * is the one that proved the temporary password: it is in the forced step, and its Change password
 * asks only for the new password.
 */
export const inForcedPasswordChange = (user: Pick<UserRecord, 'mustChangePassword'> | null): boolean =>
  user?.mustChangePassword === true

/** The right temporary password, after its one login: only the administrator can help now. */
export const temporaryPasswordUsed = (): AppError => new AppError('temporary_password_used')
