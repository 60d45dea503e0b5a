import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { BackupView } from '../../../shared/admin-views'
import { backupDatabase, backupFileName, backupFolder, backupTime } from '../../db/backup-file'
import type { Db } from '../../db/database'
import type { AuditLog } from '../audit/audit-log'
import type { Clock } from '../support/clock'
import { HOUR_IN_MILLISECONDS, type Timers } from '../support/timers'

export interface BackupSchedule {
  everyHours: number
  keep: number
}

interface BackupsDeps {
  db: Db
  clock: Clock
  audit: AuditLog
  /** The data folder; backups go to its `backups/` folder. Null: an in-memory database (a dry run). */
  dataDir: string | null
  /** `backup` in settings.json; null = no automatic backups (Back up now still works). */
  schedule: BackupSchedule | null
  warn: (message: string) => void
}

const BACKUP_NAME = /^local-accounts-.*\.sqlite3$/

/** Automatic and on-demand copies of the database into `<data folder>/backups/`. */
export class Backups {
  private running: Promise<BackupView> | null = null

  constructor(private readonly deps: BackupsDeps) {}

  /** Newest first, with time and size; only files this app names as its backups. */
  list(): BackupView[] {
    const folder = this.folder()
    let names: string[]
    try {
      names = readdirSync(folder).filter((name) => BACKUP_NAME.test(name))
    } catch {
      return []
    }
    return names
      .map((name) => {
        const stats = statSync(join(folder, name))
        return { name, at: backupTime(name) ?? stats.mtimeMs, bytes: stats.size }
      })
      .sort((a, b) => b.at - a.at || b.name.localeCompare(a.name))
  }

  /** One backup at a time: a second call while one runs gets the same one. */
  backUpNow(reason: 'manual' | 'automatic' = 'manual'): Promise<BackupView> {
    this.running ??= this.makeBackup(reason).finally(() => (this.running = null))
    return this.running
  }

  /** At start-up and then hourly: backs up when the newest backup is `everyHours` old. */
  start(timers: Timers): () => void {
    if (!this.deps.schedule || !this.deps.dataDir) return () => {}
    const check = (): void => void this.runDue().catch((error: unknown) => this.deps.warn(String(error)))
    check()
    return timers.every(HOUR_IN_MILLISECONDS, check)
  }

  /** The automatic step: a backup if one is due, then only the newest `keep` are kept. */
  async runDue(): Promise<BackupView | null> {
    const schedule = this.deps.schedule
    if (!schedule) return null
    const newest = this.list()[0]
    if (newest && this.deps.clock.now() - newest.at < schedule.everyHours * HOUR_IN_MILLISECONDS) return null
    const made = await this.backUpNow('automatic')
    for (const old of this.list().slice(schedule.keep)) rmSync(join(this.folder(), old.name), { force: true })
    return made
  }

  private async makeBackup(reason: 'manual' | 'automatic'): Promise<BackupView> {
    const folder = this.folder()
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    const name = backupFileName(this.deps.clock.now())
    try {
      const { bytes } = await backupDatabase(this.deps.db, join(folder, name))
      this.deps.audit.record({ kind: 'backup', outcome: 'success', detail: `${reason}: ${name} (${bytes} bytes)` })
      return { name, at: backupTime(name) ?? this.deps.clock.now(), bytes }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      this.deps.audit.record({ kind: 'backup', outcome: 'failure', detail: `${reason}: ${message}` })
      throw error
    }
  }

  private folder(): string {
    if (!this.deps.dataDir) throw new Error('this database has no data folder to back up into')
    return backupFolder(this.deps.dataDir)
  }
}
