import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  linkSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync
} from 'node:fs'
import { dirname, join } from 'node:path'
import { DataFolderError, ensurePrivateFolder, errorCode, makeFilesPrivate, type Warn } from './data-folder'
import { MIGRATIONS } from './migrations'

export type Db = Database.Database

export const DATABASE_FILE_NAME = 'local-accounts.sqlite3'

const busyTimeoutInMilliseconds = 5000

/**
 * Opens the one database file in `dataDir` (creating folder and file, private to the user, on
 * a first run) and brings its schema up to date. Anything that makes the file unusable throws a
 * DataFolderError naming the file and what to do, with the connection closed and the file as
 * it was. `nativeBinding`: the better-sqlite3 addon built for Electron's ABI, in Electron.
 */
export function openDatabase(dataDir: string, nativeBinding?: string, warn: Warn = (message) => console.warn(message)): Db {
  ensurePrivateFolder(dataDir, warn)
  const file = join(dataDir, DATABASE_FILE_NAME)
  if (existingDatabase(file)) checkHeader(file)
  else createDatabase(file, nativeBinding)
  makeFilesPrivate(dataDir, warn)
  const db = connect(file, nativeBinding)
  try {
    // Before anything that writes (WAL, migrations): a file this version cannot use stays as it is.
    refuseUnusable(db, file)
    db.pragma('journal_mode = WAL')
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw explainDatabaseError(error, file)
  }
}

export function migrate(db: Db, migrations: readonly string[] = MIGRATIONS): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) throw newerVersion(db.name, current, migrations.length)
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

/** False when there is no file yet; throws for a path that cannot be a database of ours. */
function existingDatabase(file: string): boolean {
  let size: number
  try {
    const stats = statSync(file)
    if (stats.isDirectory()) {
      throw new DataFolderError(
        `${file} is a folder, not a database file. Move that folder out of ${dirname(file)}, then start Local Accounts again.`
      )
    }
    size = stats.size
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false
    throw explainDatabaseError(error, file)
  }
  // A new database is never empty on disk (see createDatabase), so an empty file is damage or a
  // failed copy, and taking it for a first run would let whoever comes first be administrator.
  if (size === 0) {
    throw new DataFolderError(
      `${file} is empty (0 bytes): the accounts it should hold are missing, so Local Accounts will not start on it. Restore it from a backup; to really start over with no accounts, delete the file.`
    )
  }
  try {
    accessSync(file, constants.R_OK | constants.W_OK)
    // SQLite makes the -wal and -shm files beside it.
    accessSync(dirname(file), constants.W_OK | constants.X_OK)
  } catch (error) {
    throw explainDatabaseError(error, file)
  }
  return true
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
const HEADER_BYTES = 100
const USER_VERSION_OFFSET = 60

/**
 * Reads the file's header without SQLite, which could write to it (a checkpoint at close): a
 * file that is not SQLite, or whose schema is newer than this version knows, is refused as it is.
 */
function checkHeader(file: string): void {
  const header = Buffer.alloc(HEADER_BYTES)
  let read: number
  try {
    const fd = openSync(file, 'r')
    try {
      read = readSync(fd, header, 0, HEADER_BYTES, 0)
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    throw explainDatabaseError(error, file)
  }
  if (read < HEADER_BYTES || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw explainDatabaseError(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }), file)
  }
  const version = header.readUInt32BE(USER_VERSION_OFFSET)
  if (version > MIGRATIONS.length) throw newerVersion(file, version, MIGRATIONS.length)
}

/**
 * A first run builds the database under a temporary name and links it into place complete, so
 * the real name never shows an empty file, and two processes starting at once on a new folder
 * end up with the same one. Created 0600: SQLite gives the -wal and -shm the database's mode.
 */
function createDatabase(file: string, nativeBinding?: string): void {
  const temporary = `${file}.new-${process.pid}-${randomBytes(6).toString('hex')}`
  try {
    const fd = openSync(temporary, 'wx', 0o600)
    try {
      fchmodSync(fd, 0o600) // exactly, whatever the umask
    } finally {
      closeSync(fd)
    }
    const db = connect(temporary, nativeBinding)
    try {
      db.pragma('journal_mode = WAL')
      migrate(db)
    } finally {
      db.close()
    }
    try {
      linkSync(temporary, file)
    } catch (error) {
      // EEXIST: another process created it first, and that one is used.
      if (errorCode(error) !== 'EEXIST') renameSync(temporary, file) // a file system without hard links
    }
  } catch (error) {
    throw explainDatabaseError(error, file)
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(temporary + suffix, { force: true })
  }
}

function connect(file: string, nativeBinding?: string): Db {
  let db: Db
  try {
    db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
  } catch (error) {
    throw explainDatabaseError(error, file)
  }
  try {
    // Even these read the schema, so a damaged file fails here.
    db.pragma(`busy_timeout = ${busyTimeoutInMilliseconds}`)
    db.pragma('foreign_keys = ON')
    db.pragma('synchronous = NORMAL')
  } catch (error) {
    db.close()
    throw explainDatabaseError(error, file)
  }
  beginImmediateByDefault(db)
  return db
}

/**
 * `db.transaction(fn)()` begins IMMEDIATE here, not DEFERRED as better-sqlite3's default. In WAL
 * mode a deferred transaction that has read and then writes gets SQLITE_BUSY at once when
 * another process wrote meanwhile (the busy timeout cannot help a stale snapshot), and that
 * surfaced as "database is locked". Taking the write lock at BEGIN waits for the busy timeout
 * instead, and no one writing a transaction can forget it. `.deferred` stays for read-only use.
 */
function beginImmediateByDefault(db: Db): void {
  const transaction = db.transaction.bind(db)
  db.transaction = ((fn) => transaction(fn).immediate) as Db['transaction']
}

function refuseUnusable(db: Db, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > MIGRATIONS.length) throw newerVersion(file, version, MIGRATIONS.length)
  if (version === 0) {
    throw new DataFolderError(
      `${file} is not a Local Accounts database (it has no accounts schema: another program's file, or one cut off while it was first made). Move it out of ${dirname(file)} and restore a backup, or delete it to start over with no accounts.`
    )
  }
}

const newerVersion = (file: string, version: number, known: number): DataFolderError =>
  new DataFolderError(
    `${file} was written by a newer version of Local Accounts (schema ${version}; this version knows ${known}). Nothing was changed: use the newer version, or restore a backup made with this one.`
  )

/** A readable error naming the file and what to do, for whatever stopped it from opening. */
export function explainDatabaseError(error: unknown, file: string): Error {
  if (error instanceof DataFolderError) return error
  const code = errorCode(error) ?? ''
  const detail = (error as Error).message
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DataFolderError(
      `${file} is damaged or is not a database (${detail}). Restore it from a backup, or move it (and any -wal and -shm file beside it) out of ${dirname(file)} to start over with no accounts.`
    )
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'SQLITE_IOERR_WRITE' && /full/i.test(detail)) {
    return new DataFolderError(`The disk holding ${file} is full. Free some space on it, then start Local Accounts again.`)
  }
  if (['EACCES', 'EPERM', 'EROFS', 'SQLITE_PERM', 'SQLITE_AUTH'].includes(code) || code.startsWith('SQLITE_READONLY')) {
    return new DataFolderError(
      `${file} cannot be opened for writing: permission denied. The file and its folder must belong to the user running Local Accounts (see ls -l '${dirname(file)}'); fix the owner or permissions, or choose another data folder with --data-dir.`
    )
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new DataFolderError(`${file} is locked by another program. Close it, then start Local Accounts again.`)
  }
  return new DataFolderError(`${file} cannot be opened (${code || detail}). Check the disk and the file, then start Local Accounts again.`)
}
