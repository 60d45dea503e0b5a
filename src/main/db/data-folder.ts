import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync, type Stats } from 'node:fs'
import { join } from 'node:path'

/** A data folder or database that cannot be used; the message names the file and what to do. */
export class DataFolderError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataFolderError'
  }
}

export type Warn = (message: string) => void

/** Group and other permission bits: none may be set on anything in the data folder. */
const OTHERS = 0o077

const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(4, '0')

/**
 * Makes sure `dir` is a folder only its owner can enter, creating it 0700 if needed. The
 * folder holds every password hash, so an existing folder that others can read is tightened;
 * where that is impossible (another owner, a file system without modes) the app still starts,
 * with a warning saying what to run.
 */
export function ensurePrivateFolder(dir: string, warn: Warn): void {
  let stats: Stats
  try {
    stats = statSync(dir)
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw folderError(dir, error)
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
    } catch (mkdirError) {
      throw folderError(dir, mkdirError)
    }
    return
  }
  if (!stats.isDirectory()) {
    throw new DataFolderError(
      `The data folder ${dir} is a file, not a folder. Move that file away, or choose another data folder with --data-dir.`
    )
  }
  makePrivate(dir, stats, warn)
}

/**
 * Takes group and other permissions off every file directly in `dir` (the database, its -wal
 * and -shm, settings.json, a lock file, whatever else is there). Symbolic links are left alone:
 * what they point to is not ours to change.
 */
export function makeFilesPrivate(dir: string, warn: Warn): void {
  if (!hasPosixModes()) return
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(dir, entry.name)
    try {
      makePrivate(path, lstatSync(path), warn)
    } catch (error) {
      // Gone since the listing (another process's -wal after its last close): nothing to do.
      if (errorCode(error) !== 'ENOENT') throw error
    }
  }
}

function makePrivate(path: string, stats: Stats, warn: Warn): void {
  if (!hasPosixModes() || (stats.mode & OTHERS) === 0) return
  const wanted = stats.mode & 0o7777 & ~OTHERS
  const howToFix = `chmod ${octal(wanted)} '${path}'`
  if (process.getuid && stats.uid !== process.getuid()) {
    warn(
      `Warning: ${path} can be read by other users (mode ${octal(stats.mode)}) and belongs to another user, so Local Accounts cannot make it private. Ask its owner to run: ${howToFix}`
    )
    return
  }
  try {
    chmodSync(path, wanted)
  } catch (error) {
    warn(
      `Warning: ${path} can be read by other users (mode ${octal(stats.mode)}) and could not be made private (${errorCode(error) ?? 'error'}). Run: ${howToFix}`
    )
  }
}

const hasPosixModes = (): boolean => process.platform !== 'win32'

export function errorCode(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error ? String(error.code) : undefined
}

function folderError(dir: string, error: unknown): DataFolderError {
  const code = errorCode(error)
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return new DataFolderError(
        `The data folder ${dir} cannot be made: part of its path is a file, not a folder. Move that file away, or choose another data folder with --data-dir.`
      )
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new DataFolderError(
        `The data folder ${dir} cannot be made or opened: permission denied. Choose a folder you own with --data-dir, or ask an administrator to give you this one.`
      )
    case 'ENOSPC':
      return new DataFolderError(
        `The data folder ${dir} cannot be made: the disk is full. Free some space, then start again.`
      )
    default:
      return new DataFolderError(
        `The data folder ${dir} cannot be opened (${code ?? (error as Error).message}). Check the disk, or choose another data folder with --data-dir.`
      )
  }
}
