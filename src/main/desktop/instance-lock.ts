import Database from 'better-sqlite3'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname, userInfo } from 'node:os'
import { join } from 'node:path'
import { APP_NAME } from '../../shared/product'

export const LOCK_FILE_NAME = 'instance.lock'
/** Who holds the lock, for the message a refused process shows; informative only. */
const HOLDER_FILE_NAME = 'instance.lock.json'

export interface LockHolder {
  pid: number
  user: string
  host: string
  since: string
}

/** Thrown when another process (any user, any session) has the data folder open. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null
  ) {
    const who = holder ? ` (process ${holder.pid} of ${holder.user} on ${holder.host}, since ${holder.since})` : ''
    super(
      `${APP_NAME} is already running on the data folder ${dataDir}${who}. ` +
        'Use that window, or close it first; to run a second copy, start it with another --data-dir.'
    )
    this.name = 'DataFolderInUseError'
  }
}

export interface InstanceLock {
  release(): void
}

/**
 * The connections that hold a lock. better-sqlite3 closes a connection that is garbage collected,
 * which would drop the lock while the app still runs if nothing kept it: this set does, until release.
 */
const held = new Set<Database.Database>()

/**
 * One app per data folder, across users and sessions. The lock is SQLite's own exclusive lock
 * on a separate file, held for the life of the process: the operating system drops it when the
 * process ends, even by a crash or kill -9, so no stale lock is ever left to clean up, and a
 * recycled pid cannot fool it. The database itself stays shared, so the command-line tools
 * (createsuperuser, seed) keep working while the app runs.
 */
export function lockDataFolder(dataDir: string, options: { nativeBinding?: string; pid?: number } = {}): InstanceLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const file = join(dataDir, LOCK_FILE_NAME)
  let db: Database.Database
  try {
    db = new Database(file, { timeout: 0, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) })
  } catch (error) {
    // Another user's lock file we may not even open: that user's app has (or had) the folder.
    if ((error as { code?: string }).code === 'SQLITE_CANTOPEN')
      throw new DataFolderInUseError(dataDir, readHolder(dataDir))
    throw error
  }
  try {
    db.exec('BEGIN EXCLUSIVE')
  } catch (error) {
    db.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY')
      throw new DataFolderInUseError(dataDir, readHolder(dataDir))
    throw error
  }
  const holder: LockHolder = {
    pid: options.pid ?? process.pid,
    user: safeUserName(),
    host: hostname(),
    since: new Date().toISOString()
  }
  writeFileSync(join(dataDir, HOLDER_FILE_NAME), JSON.stringify(holder), { mode: 0o600 })
  held.add(db)
  return {
    release() {
      held.delete(db)
      if (!db.open) return
      db.exec('ROLLBACK')
      db.close()
    }
  }
}

function readHolder(dataDir: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, HOLDER_FILE_NAME), 'utf8')) as LockHolder
  } catch {
    return null
  }
}

function safeUserName(): string {
  try {
    return userInfo().username
  } catch {
    return 'another user'
  }
}
