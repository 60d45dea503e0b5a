import type { UserRecord } from '../../db/users-repository'
import type { DirectoryAccounts } from '../directory/directory-accounts'
import type { PasswordHasher } from './hasher'

export interface PasswordVerdict {
  ok: boolean
  /** A directory user's shadow account, made or refreshed by this login (null: refused locally). */
  shadow?: UserRecord | null
}

/** Decides whether a typed password is right: the local hash, or the directory for its users. */
export class PasswordVerifier {
  constructor(private readonly deps: { hasher: PasswordHasher; directory: DirectoryAccounts | null }) {}

  /**
   * A login's password. A "no" waits out the hasher's failure floor, so no account's kind of
   * hash shows in its timing. Throws `directory_unreachable` when the directory cannot answer.
   */
  async verifyLogin(user: UserRecord | null, typed: string, password: string): Promise<PasswordVerdict> {
    const startedAt = performance.now()
    const verdict = await this.verify(user, typed, password)
    if (!verdict.ok) await this.deps.hasher.holdFailedLogin(startedAt)
    return verdict
  }

  /**
   * A signed-in user's own password (turning two-factor off, new recovery codes): the local
   * hash, or for a directory user the directory, which alone knows their password.
   */
  async verifyOwn(user: UserRecord, password: string): Promise<boolean> {
    const { hasher, directory } = this.deps
    if (user.passwordHash) return hasher.verify(user.passwordHash, password)
    if (!directory || user.directoryDn === null) return hasher.verifyDummy(password)
    return (await directory.verify(user, user.username, password)).ok
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
