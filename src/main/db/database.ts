import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { closeSync, fchmodSync, linkSync, openSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { checkHeader, existingDatabase, explainDatabaseError, newerVersion, notOurs } from './database-file'
import { ensurePrivateFolder, errorCode, makeFilesPrivate, type Warn } from './data-folder'
import { MIGRATIONS } from './migrations'
import { registerSearchFold } from './search-fold'
import { registerUsernameSkeleton } from './username-skeleton'

export type Db = Database.Database

export const DATABASE_FILE_NAME = 'local-accounts.sqlite3'

const busyTimeoutInMilliseconds = 5000
/**
 * The file is read through a memory map (SQLite caps this at its own 2 GB limit): the console's
 * searches read thousands of scattered rows and index pages, which otherwise cost a system call
 * each through SQLite's small page cache. The map takes no memory of its own: the pages are the
 * operating system's file cache, shared and given back under pressure.
 */
const mmapSizeInBytes = 2 ** 31

/**
 * Opens the one database file in `dataDir` (creating folder and file, private to the user, on
 * a first run) and brings its schema up to date. Anything that makes the file unusable throws a
 * DataFolderError naming the file and what to do, with the connection closed and the file as
 * it was. `nativeBinding`: the better-sqlite3 addon built for Electron's ABI, in Electron.
 */
export function openDatabase(
  dataDir: string,
  nativeBinding?: string,
  warn: Warn = (message) => console.warn(message)
): Db {
  ensurePrivateFolder(dataDir, warn)
  const file = join(dataDir, DATABASE_FILE_NAME)
  if (existingDatabase(file)) checkHeader(file, MIGRATIONS.length)
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

/**
 * The SQL functions the users table's triggers call (migrations 13 and 17): every connection that
 * may write users registers them, the app's through `migrate`, any other (a second process's, a
 * script's) through this.
 */
export function registerSqlFunctions(db: Db): void {
  registerSearchFold(db)
  registerUsernameSkeleton(db)
}

export function migrate(db: Db, migrations: readonly string[] = MIGRATIONS): void {
  registerSqlFunctions(db)
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) throw newerVersion(db.name, current, migrations.length)
  for (let version = current + 1; version <= migrations.length; version++) {
    // IMMEDIATE: a second process opening the same folder waits instead of migrating twice.
    writeTransaction(db, () => {
      const now = db.pragma('user_version', { simple: true }) as number
      if (now >= version) return
      db.exec(migrations[version - 1])
      db.pragma(`user_version = ${version}`)
    })
  }
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
    db.pragma(`mmap_size = ${mmapSizeInBytes}`)
  } catch (error) {
    db.close()
    throw explainDatabaseError(error, file)
  }
  return db
}

/**
 * A transaction that writes, begun IMMEDIATE: it takes the write lock at BEGIN. In WAL mode a
 * deferred transaction that has read and then writes gets SQLITE_BUSY at once when another
 * process wrote meanwhile (the busy timeout cannot help a stale snapshot), which surfaced as
 * "database is locked"; taking the lock first waits for the busy timeout instead. Every write
 * that checks first ("decide then act") runs in one of these. Inside another transaction it is
 * a savepoint of that one.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  return runner(db).immediate(fn) as T
}

/**
 * A transaction that only reads, begun DEFERRED: one snapshot for every statement in `fn`,
 * without the write lock, so readers never wait for (or hold up) a writer.
 */
export function readTransaction<T>(db: Db, fn: () => T): T {
  return runner(db).deferred(fn) as T
}

type Runner = ReturnType<Db['transaction']>
const runners = new WeakMap<Db, Runner>()

/**
 * One transaction function per connection that runs whatever it is given: better-sqlite3 builds
 * five wrappers for each `db.transaction(fn)`, on every login and sign-up otherwise. Inside
 * another transaction it still becomes a savepoint (the wrapper checks `db.inTransaction`).
 */
function runner(db: Db): Runner {
  let made = runners.get(db)
  if (!made) {
    made = db.transaction((fn: () => unknown) => fn())
    runners.set(db, made)
  }
  return made
}

function refuseUnusable(db: Db, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > MIGRATIONS.length) throw newerVersion(file, version, MIGRATIONS.length)
  if (version === 0) throw notOurs(file)
}

/**
 * For the benchmark: the pages `act` writes to the WAL, counted from the file's growth with
 * automatic checkpoints paused meanwhile (and the WAL emptied first), so the file only grows.
 */
export async function walPagesWritten(db: Db, act: () => Promise<void>): Promise<number> {
  const frame = (db.pragma('page_size', { simple: true }) as number) + 24
  const wal = `${db.name}-wal`
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.pragma('wal_autocheckpoint = 0')
  try {
    const before = statSync(wal).size
    await act()
    return (statSync(wal).size - before) / frame
  } finally {
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`)
  }
}
