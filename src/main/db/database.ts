import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { MIGRATIONS } from './migrations'

export type Db = Database.Database

export const DATABASE_FILE_NAME = 'local-accounts.sqlite3'

const busyTimeoutInMilliseconds = 5000

/**
 * Opens (creating if needed) the one database file in `dataDir` and brings its schema up to date.
 * `nativeBinding`: the better-sqlite3 addon built for Electron's ABI, when running in Electron.
 */
export function openDatabase(dataDir: string, nativeBinding?: string): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const db = new Database(join(dataDir, DATABASE_FILE_NAME), nativeBinding ? { nativeBinding } : {})
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma(`busy_timeout = ${busyTimeoutInMilliseconds}`)
  db.pragma('synchronous = NORMAL')
  migrate(db)
  return db
}

export function migrate(db: Db, migrations: readonly string[] = MIGRATIONS): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new Error(
      `This database was written by a newer version of Local Accounts (schema ${current}; this version knows ${migrations.length}).`
    )
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    // IMMEDIATE: a second process opening the same folder waits instead of migrating twice.
    db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number
      if (now >= version) return
      db.exec(migrations[version - 1])
      db.pragma(`user_version = ${version}`)
    }).immediate()
  }
}
