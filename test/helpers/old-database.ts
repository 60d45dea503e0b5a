import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DATABASE_FILE_NAME, migrate } from '../../src/main/db/database'
import { MIGRATIONS } from '../../src/main/db/migrations'

/**
 * A data folder as an older version left it: its database migrated up to, not including, the
 * migration whose SQL contains `marker`, in WAL mode as the app keeps it. The test writes the rows
 * that version could have written, then upgrades (`migrate`, or a core opened on `dataDir`).
 */
export function databaseBefore(marker: string): { dataDir: string; db: Database.Database } {
  const before = MIGRATIONS.findIndex((sql) => sql.includes(marker))
  if (before <= 0) throw new Error(`no migration after the first contains ${JSON.stringify(marker)}`)
  const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-upgrade-'))
  const db = new Database(join(dataDir, DATABASE_FILE_NAME))
  db.pragma('journal_mode = WAL')
  migrate(db, MIGRATIONS.slice(0, before))
  return { dataDir, db }
}
