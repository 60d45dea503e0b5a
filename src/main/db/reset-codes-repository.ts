import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

export interface ResetCodeRow {
  id: number
  userId: number
  expiresAt: number
  usedAt: number | null
}

/**
 * Kills every unused reset code of a user: when a newer code is issued, the password changes
 * by any route, or the address the codes were sent to changes.
 */
export function deleteUnusedResetCodes(db: Db, userId: number): void {
  preparedOnce(db)('DELETE FROM reset_codes WHERE user_id = ? AND used_at IS NULL').run(userId)
}

/** The reset_codes and reset_requests tables. Only code hashes are stored, never a code. */
export class ResetCodeRepository {
  private readonly prepare: Prepare

  constructor(private readonly db: Db) {
    this.prepare = preparedOnce(db)
  }

  byHash(hash: Buffer): ResetCodeRow | undefined {
    return this.prepare(
      'SELECT id, user_id AS userId, expires_at AS expiresAt, used_at AS usedAt FROM reset_codes WHERE code_hash = ?'
    ).get(hash) as ResetCodeRow | undefined
  }

  /** Whether the code was used, or undefined once it is gone. */
  usedAt(id: number): { usedAt: number | null } | undefined {
    return this.prepare('SELECT used_at AS usedAt FROM reset_codes WHERE id = ?').get(id) as
      { usedAt: number | null } | undefined
  }

  /** A new code kills every earlier unused one of the same user. Call inside a transaction. */
  store(userId: number, hash: Buffer, now: number, expiresAt: number): void {
    deleteUnusedResetCodes(this.db, userId)
    this.prepare('INSERT INTO reset_codes (user_id, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
      userId,
      hash,
      now,
      expiresAt
    )
  }

  delete(id: number): void {
    this.prepare('DELETE FROM reset_codes WHERE id = ?').run(id)
  }

  /** True when this call used the code: it was live, unused and unexpired. */
  claim(id: number, now: number): boolean {
    return (
      this.prepare('UPDATE reset_codes SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?').run(
        now,
        id,
        now
      ).changes === 1
    )
  }

  /** Counts a wrong code against the user's live codes; returns how many died of it. */
  countWrongCode(userId: number, maxAttempts: number): number {
    this.prepare(
      'UPDATE reset_codes SET failed_attempts = failed_attempts + 1 WHERE user_id = ? AND used_at IS NULL'
    ).run(userId)
    return this.prepare('DELETE FROM reset_codes WHERE user_id = ? AND used_at IS NULL AND failed_attempts >= ?').run(
      userId,
      maxAttempts
    ).changes
  }

  recordRequest(emailKey: string, at: number): void {
    this.prepare('INSERT INTO reset_requests (email_key, at) VALUES (?, ?)').run(emailKey, at)
  }

  requestsSince(emailKey: string, since: number): number {
    const { n } = this.prepare('SELECT count(*) AS n FROM reset_requests WHERE email_key = ? AND at > ?').get(
      emailKey,
      since
    ) as { n: number }
    return n
  }

  /** Drops codes dead before `codesBefore` and requests older than `requestsUpTo`. */
  prune(codesBefore: number, requestsUpTo: number): void {
    this.prepare('DELETE FROM reset_codes WHERE expires_at < ?').run(codesBefore)
    this.prepare('DELETE FROM reset_requests WHERE at <= ?').run(requestsUpTo)
  }
}
