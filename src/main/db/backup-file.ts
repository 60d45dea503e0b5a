import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync
} from 'node:fs'
import { basename, join } from 'node:path'
import { DATABASE_FILE_NAME, type Db } from './database'
import { checkHeader, existingDatabase, explainDatabaseError, notOurs } from './database-file'
import { DataFolderError } from './data-folder'
import { MIGRATIONS } from './migrations'

/** What the replaced database is kept as, beside the restored one. */
export const BEFORE_RESTORE_SUFFIX = '.before-restore'

/**
 * Copies the open database to `to` with SQLite's online backup, so the app (or anyone) may go on
 * writing meanwhile. After the first step the rest is copied in one step, under one read
 * snapshot: a writer in another process cannot make it start over forever. The copy is made
 * under a temporary name, checked, made 0600 and only then renamed into place.
 */
export async function backupDatabase(db: Db, to: string): Promise<{ bytes: number }> {
  const temporary = `${to}.partial-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    closeSync(openSync(temporary, 'wx', 0o600))
    await db.backup(temporary, { progress: () => 0x7fffffff })
    asOneFile(temporary)
    chmodSync(temporary, 0o600)
    checkDatabaseCopy(temporary)
    renameSync(temporary, to)
    return { bytes: statSync(to).size }
  } catch (error) {
    throw explainDatabaseError(error, to)
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(temporary + suffix, { force: true })
  }
}

/**
 * The copy keeps the source's WAL mode, and would grow -wal and -shm files wherever it is opened
 * (or fail to open read-only from a read-only place): a backup is one self-contained file.
 */
function asOneFile(file: string): void {
  const copy = new Database(file, { fileMustExist: true })
  try {
    copy.pragma('journal_mode = DELETE')
  } finally {
    copy.close()
  }
}

/**
 * Refuses (with a message naming `file`) a copy that is not a whole, current-or-older Local
 * Accounts database: checked without writing to it (its header first, then read-only SQLite).
 */
export function checkDatabaseCopy(file: string): void {
  existingDatabase(file)
  checkHeader(file, MIGRATIONS.length)
  let copy: Database.Database
  try {
    copy = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw explainDatabaseError(error, file)
  }
  try {
    const version = copy.pragma('user_version', { simple: true }) as number
    if (version === 0 || !copy.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'users'").get()) throw notOurs(file)
    const problems = copy.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]
    if (problems.length !== 1 || problems[0].integrity_check !== 'ok') {
      throw new DataFolderError(
        `${file} is damaged (integrity check: ${problems
          .slice(0, 3)
          .map((row) => row.integrity_check)
          .join('; ')}). Nothing was changed: use another backup.`
      )
    }
  } catch (error) {
    throw explainDatabaseError(error, file)
  } finally {
    copy.close()
  }
}

/**
 * Puts the backup `from` in place of `dataDir`'s database. The caller holds the folder's instance
 * lock (nothing else may run on it). Every check comes first, so a refused file changes nothing;
 * then the current database (with its -wal and -shm, so nothing committed is lost) is renamed to
 * `<name>.before-restore`, and a copy of the backup is renamed into place complete.
 */
export function restoreDatabase(dataDir: string, from: string): { replaced: string | null } {
  checkDatabaseCopy(from)
  const file = join(dataDir, DATABASE_FILE_NAME)
  const incoming = join(dataDir, `${DATABASE_FILE_NAME}.restoring-${process.pid}`)
  try {
    copyFileSync(from, incoming)
    chmodSync(incoming, 0o600)
    const fd = openSync(incoming, 'r+')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    const replaced = existsSync(file) ? keepReplaced(file) : null
    renameSync(incoming, file)
    return { replaced }
  } catch (error) {
    rmSync(incoming, { force: true })
    throw explainDatabaseError(error, file)
  }
}

/** Moves the database and its WAL files aside together: the three still open as one database. */
function keepReplaced(file: string): string {
  const kept = file + BEFORE_RESTORE_SUFFIX
  for (const suffix of ['-wal', '-shm', '']) rmSync(kept + suffix, { force: true })
  for (const suffix of ['-wal', '-shm', '']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, kept + suffix)
  }
  return kept
}

/** `local-accounts-2026-01-31T10-00-00Z.sqlite3`: sorts by time, and says it. */
export function backupFileName(at: number): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')
  return `${basename(DATABASE_FILE_NAME, '.sqlite3')}-${stamp}.sqlite3`
}

/** The time a backup's name records (the app's clock when it was made), or null for another name. */
export function backupTime(name: string): number | null {
  const match = /(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)Z/.exec(name)
  if (!match) return null
  const at = Date.parse(`${match[1]}T${match[2]}:${match[3]}:${match[4]}Z`)
  return Number.isNaN(at) ? null : at
}

export const backupFolder = (dataDir: string): string => join(dataDir, 'backups')
