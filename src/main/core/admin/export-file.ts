import { randomBytes } from 'node:crypto'
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { ExportPage } from '../../../shared/admin-views'
import { AppError } from '../support/errors'

/** One page of an export from `offset` (the same pages the window asks for in the preview). */
export type PageSource = (offset: number) => ExportPage

/**
 * Writes an export to the file the save dialog chose, page after page, with a turn of the event
 * loop between pages, so 100,000 rows never hold main: other windows are answered meanwhile.
 * The file appears whole or not at all: it is written beside its place under a temporary name,
 * readable by its owner only, then renamed into place. A file system's refusal (no permission, a
 * full disk) is `file_not_saved` with the system's reason, and leaves nothing behind.
 */
export async function writePagesToFile(path: string, page: PageSource): Promise<void> {
  // Its own name, so two exports to one place never write into each other's file.
  const partial = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`)
  let fd: number | null = null
  try {
    fd = openSync(partial, 'wx', 0o600)
    for (let offset: number | null = 0; offset !== null;) {
      const next = page(offset)
      writeSync(fd, next.csv)
      offset = next.next
      if (offset !== null) await new Promise((resolve) => setImmediate(resolve))
    }
    closeSync(fd)
    fd = null
    renameSync(partial, path)
  } catch (error) {
    if (fd !== null) closeSync(fd)
    rmSync(partial, { force: true })
    if (!isSystemError(error)) throw error
    throw new AppError('file_not_saved', { params: { reason: error.message } })
  }
}

const isSystemError = (error: unknown): error is NodeJS.ErrnoException =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string'
