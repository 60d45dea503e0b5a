import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DATABASE_FILE_NAME, migrate, type Db } from './database'

/** Bytes 18 and 19 of a SQLite header: 2 = WAL, 1 = rollback journal (what memory can hold). */
const WRITE_VERSION_OFFSET = 18
const READ_VERSION_OFFSET = 19

/**
 * An in-memory copy of the data folder's database, brought up to the current schema, for a dry
 * run to do everything an import would and then throw away. The folder is left as it was: no
 * file is created or changed (a missing database gives an empty copy). With a `-wal` file (the
 * app is running, or was killed), a read-only connection reads the committed pages from it too.
 */
export function openSnapshot(dataDir: string): Db {
  const file = join(dataDir, DATABASE_FILE_NAME)
  let image: Buffer | null = null
  if (existsSync(`${file}-wal`)) {
    const reader = new Database(file, { readonly: true, fileMustExist: true })
    try {
      image = reader.serialize()
    } finally {
      reader.close()
    }
  } else if (existsSync(file)) {
    image = readFileSync(file)
  }
  if (image !== null && image.length > READ_VERSION_OFFSET) {
    image[WRITE_VERSION_OFFSET] = 1
    image[READ_VERSION_OFFSET] = 1
  }
  const db = image === null || image.length === 0 ? new Database(':memory:') : new Database(image)
  db.pragma('foreign_keys = ON')
  migrate(db)
  return db
}
