import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

export interface UnusedAccount {
  id: number
  username: string
  isAdmin: boolean
  isActive: true
  expiresOn: string | null
  /** The last login, or the sign-up for an account never used. */
  lastUsedAt: number
}

/** SQL for finding active accounts whose last use (login, else sign-up) is older than a cutoff. */
export class UnusedAccountsRepository {
  private readonly prepare: Prepare

  constructor(db: Db) {
    this.prepare = preparedOnce(db)
  }

  /** Oldest use first. */
  unusedSince(cutoff: number): UnusedAccount[] {
    const rows = this.prepare(
      `SELECT id, username, is_admin AS isAdmin, expires_on AS expiresOn, coalesce(last_login_at, created_at) AS lastUsedAt
       FROM users WHERE is_active = 1 AND coalesce(last_login_at, created_at) < ?
       ORDER BY lastUsedAt, id`
    ).all(cutoff) as (Omit<UnusedAccount, 'isAdmin' | 'isActive'> & { isAdmin: number })[]
    return rows.map((row) => ({ ...row, isAdmin: row.isAdmin === 1, isActive: true }))
  }
}
