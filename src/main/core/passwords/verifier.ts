import { type Db, writeTransaction } from '../../db/database'
import type { UserRecord } from '../../db/users-repository'
import type { DirectoryAccounts } from '../directory/directory-accounts'
import { AppError } from '../support/errors'
import type { Lockout } from '../login/lockout'
import type { Attempt } from '../login/attempts'
import type { PasswordHasher } from './hasher'

export interface PasswordVerdict {
  ok: boolean
  /** A directory user's shadow account, made or refreshed by this login (null: refused locally). */
  shadow?: UserRecord | null
}

/** Decides whether a typed password is right: the local hash, or the directory for its users. */
export class PasswordVerifier {
  constructor(
    private readonly deps: { db: Db; lockout: Lockout; hasher: PasswordHasher; directory?: DirectoryAccounts | null }
  ) {}

  /**
   * `verify` for an attempt already counted. When the directory cannot answer there was
   * no verdict at all, so the attempt's own count is taken back before the error goes out.
   * A "no" waits out the hasher's failure floor, so no account's kind of hash shows in its timing.
   */
  async verifyAdmitted(
    attempt: Attempt,
    user: UserRecord | null,
    typed: string,
    password: string
  ): Promise<PasswordVerdict> {
    const startedAt = performance.now()
    try {
      const verdict = await this.verify(user, typed, password)
      if (!verdict.ok) await this.deps.hasher.holdFailedLogin(startedAt)
      return verdict
    } catch (error) {
      const { db, lockout } = this.deps
      if (error instanceof AppError && error.code === 'directory_unreachable') {
        writeTransaction(db, () => lockout.withdraw(attempt.key))
      }
      throw error
    }
  }

  /**
   * A local password is checked here; an unknown name or a shadow account is the directory's to
   * decide, when one is configured (its shadow account comes back refreshed). Every route costs
   * at least one argon2 verification, so timing does not tell an unknown name from a wrong password.
   */
  private async verify(user: UserRecord | null, typed: string, password: string): Promise<PasswordVerdict> {
    const { hasher, directory } = this.deps
    if (user?.passwordHash) return { ok: await hasher.verify(user.passwordHash, password) }
    if (!directory || !directory.decides(user)) return { ok: await hasher.verifyDummy(password) }
    const [verdict] = await Promise.all([directory.verify(user, typed, password), hasher.verifyDummy(password)])
    if (!verdict.ok) return { ok: false }
    const shadow = directory.upsertShadow(typed, verdict.entry)
    return { ok: shadow !== null, shadow }
  }
}
