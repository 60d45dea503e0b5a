import type { Db } from './database'

export interface StoredSetting {
  key: string
  /** The value as JSON text. */
  value: string
}

/** The `settings` table: values an administrator saved on the Settings screen. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  all(): StoredSetting[] {
    return this.db.prepare('SELECT key, value FROM settings ORDER BY key').all() as StoredSetting[]
  }

  put(key: string, value: string, at: number, byUserId: number): void {
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`
      )
      .run(key, value, at, byUserId)
  }
}
