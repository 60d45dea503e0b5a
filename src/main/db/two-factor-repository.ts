import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

export interface TwoFactorRow {
  sealedKey: Buffer
  enabledAt: number | null
  lastUsedStep: number | null
  /** The session that began a set-up still under way; another may not replace it. */
  pendingSessionId: string | null
}

/** SQL for two_factor (one sealed TOTP key per user) and recovery_codes (hashes only). */
export class TwoFactorRepository {
  private readonly prepare: Prepare

  constructor(db: Db) {
    this.prepare = preparedOnce(db)
  }

  row(userId: number): TwoFactorRow | undefined {
    return this.prepare(
      `SELECT sealed_key AS sealedKey, enabled_at AS enabledAt, last_used_step AS lastUsedStep,
         pending_session_id AS pendingSessionId FROM two_factor WHERE user_id = ?`
    ).get(userId) as TwoFactorRow | undefined
  }

  /** A key waiting for its first code; replaces an earlier one, which is off until then too. */
  putPendingKey(userId: number, sealedKey: Buffer, sessionId: string | null = null): void {
    this.prepare(
      `INSERT INTO two_factor (user_id, sealed_key, enabled_at, last_used_step, pending_session_id)
       VALUES (?, ?, NULL, NULL, ?)
       ON CONFLICT(user_id) DO UPDATE SET sealed_key = excluded.sealed_key, enabled_at = NULL, last_used_step = NULL,
         pending_session_id = excluded.pending_session_id`
    ).run(userId, sealedKey, sessionId)
  }

  enable(userId: number, at: number, step: number): void {
    this.prepare('UPDATE two_factor SET enabled_at = ?, last_used_step = ? WHERE user_id = ?').run(at, step, userId)
  }

  setLastUsedStep(userId: number, step: number): void {
    this.prepare('UPDATE two_factor SET last_used_step = ? WHERE user_id = ?').run(step, userId)
  }

  recoveryCodesLeft(userId: number): number {
    const { n } = this.prepare('SELECT count(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL').get(
      userId
    ) as { n: number }
    return n
  }

  /** True when this call used the code: it was the user's and unused. */
  useRecoveryCode(userId: number, codeHash: Buffer, at: number): boolean {
    return (
      this.prepare('UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL').run(
        at,
        userId,
        codeHash
      ).changes === 1
    )
  }

  replaceRecoveryCodes(userId: number, codeHashes: Buffer[]): void {
    this.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId)
    const insert = this.prepare('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)')
    for (const hash of codeHashes) insert.run(userId, hash)
  }

  /** Turns two-factor off for the user: the key and every recovery code go. */
  remove(userId: number): void {
    this.prepare('DELETE FROM two_factor WHERE user_id = ?').run(userId)
    this.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId)
  }
}
