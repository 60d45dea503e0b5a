import { appendFileSync, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The main process's own log, for whoever looks after the machine: start-up, errors, and
 * failures worth a look (refused logins, lockouts, mail that could not be sent). Callers pass
 * only what is safe to keep: never a password, token or reset code.
 */
export interface AppLog {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export const logsDirOf = (dataDir: string): string => join(dataDir, 'logs')
export const mainLogFile = (dataDir: string): string => join(logsDirOf(dataDir), 'main.log')

export interface RotationOptions {
  /** A file is rotated before it would grow past this. */
  maxBytes?: number
  /** Rotated files kept besides the current one (main.log.1 is the newest). */
  keep?: number
  now?: () => Date
  /** Where a failure to write the log itself goes (it must never stop the app). */
  onWriteError?: (error: unknown) => void
}

/** An append-only text log that rotates by size: main.log → main.log.1 → … → main.log.<keep>. */
export class RotatingFileLog implements AppLog {
  private readonly maxBytes: number
  private readonly keep: number
  private readonly now: () => Date
  private readonly onWriteError: (error: unknown) => void
  private writeFailed = false

  constructor(
    readonly file: string,
    options: RotationOptions = {}
  ) {
    this.maxBytes = options.maxBytes ?? 1024 * 1024
    this.keep = options.keep ?? 3
    this.now = options.now ?? (() => new Date())
    this.onWriteError = options.onWriteError ?? ((error) => console.error('Could not write the log:', error))
  }

  info = (message: string): void => this.write('INFO', message)
  warn = (message: string): void => this.write('WARN', message)
  error = (message: string): void => this.write('ERROR', message)

  private write(level: string, message: string): void {
    // One event per line, whatever the message holds, so the file stays greppable.
    const line = `${this.now().toISOString()} ${level} ${message.replace(/\s*[\r\n]+\s*/g, ' ⏎ ')}\n`
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 })
      const size = existsSync(this.file) ? statSync(this.file).size : 0
      if (size > 0 && size + Buffer.byteLength(line) > this.maxBytes) this.rotate()
      appendFileSync(this.file, line, { mode: 0o600 })
      this.writeFailed = false
    } catch (error) {
      // Say it once per run of failures, not once per line.
      if (!this.writeFailed) this.onWriteError(error)
      this.writeFailed = true
    }
  }

  private rotate(): void {
    const numbered = (n: number): string => `${this.file}.${n}`
    if (existsSync(numbered(this.keep))) unlinkSync(numbered(this.keep))
    for (let n = this.keep - 1; n >= 1; n--) {
      if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1))
    }
    if (this.keep > 0) renameSync(this.file, numbered(1))
    else unlinkSync(this.file)
  }
}

/** The log every host writes in its data folder (logs/main.log). */
export const openMainLog = (dataDir: string, options?: RotationOptions): RotatingFileLog =>
  new RotatingFileLog(mainLogFile(dataDir), options)
