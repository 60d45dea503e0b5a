import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { DataFolderError, errorCode } from './data-folder'

/**
 * Checks of the database file made before SQLite opens it (SQLite could write to it), and the
 * words for whatever stops it from opening: each names the file and says what to do.
 */

/** False when there is no file yet; throws for a path that cannot be a database of ours. */
export function existingDatabase(file: string): boolean {
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
  // A new database is never empty on disk (openDatabase links it into place complete), so an empty file is damage or a
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
export function checkHeader(file: string, knownVersion: number): void {
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
  if (version > knownVersion) throw newerVersion(file, version, knownVersion)
}

export const newerVersion = (file: string, version: number, known: number): DataFolderError =>
  new DataFolderError(
    `${file} was written by a newer version of Local Accounts (schema ${version}; this version knows ${known}). Nothing was changed: use the newer version, or restore a backup made with this one.`
  )

export const notOurs = (file: string): DataFolderError =>
  new DataFolderError(
    `${file} is not a Local Accounts database (it has no accounts schema: another program's file, or one cut off while it was first made). Move it out of ${dirname(file)} and restore a backup, or delete it to start over with no accounts.`
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
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new DataFolderError(
      `The disk holding ${file} is full. Free some space on it, then start Local Accounts again.`
    )
  }
  if (['EACCES', 'EPERM', 'EROFS', 'SQLITE_PERM', 'SQLITE_AUTH'].includes(code) || code.startsWith('SQLITE_READONLY')) {
    return new DataFolderError(
      `${file} cannot be opened for writing: permission denied. The file and its folder must belong to the user running Local Accounts (see ls -l '${dirname(file)}'); fix the owner or permissions, or choose another data folder with --data-dir.`
    )
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new DataFolderError(`${file} is locked by another program. Close it, then start Local Accounts again.`)
  }
  return new DataFolderError(
    `${file} cannot be opened (${code || detail}). Check the disk and the file, then start Local Accounts again.`
  )
}
