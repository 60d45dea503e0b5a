import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

export interface StoredSetting {
  key: string
  /** The value as JSON text. */
  value: string
}

/** The `settings` table: values an administrator saved on the Settings screen. */
export class SettingsRepository {
  private readonly prepare: Prepare

  constructor(db: Db) {
    this.prepare = preparedOnce(db)
  }

  all(): StoredSetting[] {
    return this.prepare('SELECT key, value FROM settings ORDER BY key').all() as StoredSetting[]
  }

  put(key: string, value: string, at: number, byUserId: number): void {
    this.prepare(
      `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by`
    ).run(key, value, at, byUserId)
  }

  /**
   * SQLite's data_version: it moves only when another connection (a second app, the browser
   * preview) commits, so an unchanged number means nobody else saved anything. A prepared
   * statement: `db.pragma()` would compile it again at every call, and the router asks at every call.
   */
  dataVersion(): number {
    return this.prepare('PRAGMA data_version').pluck().get() as number
  }
}
