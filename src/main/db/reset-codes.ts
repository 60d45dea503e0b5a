import type { Db } from './database'

/**
 * Kills every unused reset code of a user: when a newer code is issued, the password changes
 * by any route, or the address the codes were sent to changes.
 */
export function deleteUnusedResetCodes(db: Db, userId: number): void {
  db.prepare('DELETE FROM reset_codes WHERE user_id = ? AND used_at IS NULL').run(userId)
}
