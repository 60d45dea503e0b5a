import { homedir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from './db/database'
import { loadCommonPasswords } from './core/passwords/common-passwords'
import { createServices, type Services } from './core/services'
import { readSettings, type FixedSettings, type Settings } from './core/settings/load-settings'
import type { Clock, RandomBytes } from './core/support/clock'
import type { AuditEntry } from './core/audit/audit-log'
import { handlers } from './ipc/handlers'
import type { AppLog } from './desktop/log'
import { createRouter, type Router } from './ipc/router'
import type { HostCapabilities } from './ipc/host-capabilities'
import { systemTimers, type Timers } from './core/support/timers'
import { startHousekeeping } from './core/admin/housekeeping'

export interface AppOptions {
  dataDir: string
  resourcesDir: string
  /** Replaces settings.json and the environment (tests). */
  settings?: Settings
  /** With `settings`: the keys to treat as set by settings.json or the environment (tests). */
  fixedSettings?: FixedSettings
  env?: NodeJS.ProcessEnv
  clock?: Clock
  randomBytes?: RandomBytes
  logError?: (message: string) => void
  /** better-sqlite3 built for Electron (see scripts/prepare-electron-native.ts). */
  sqliteNativeBinding?: string
  /** A message reached the development outbox: the host refreshes its Mail log windows. */
  onMail?: () => void
  /** Where development mail is printed (default: the terminal). */
  printMail?: (text: string) => void
  /** The host's log file (logs/main.log): start-up, errors, audit-worthy failures. */
  log?: AppLog
  /** The hourly and daily jobs' timers (tests run the jobs by hand). */
  timers?: Timers
  /** What only the desktop host can do (a save dialog); absent in the preview and the terminal. */
  host?: HostCapabilities
}

export interface AppCore {
  services: Services
  router: Router
  close(): void
}

/** Everything a host (Electron, browser preview, CLI) needs: database, services, router. */
export function createAppCore(options: AppOptions): AppCore {
  const { log } = options
  const { settings, fixed } = options.settings
    ? { settings: options.settings, fixed: options.fixedSettings ?? {} }
    : readSettings(options.dataDir, options.env)
  const db = openDatabase(options.dataDir, options.sqliteNativeBinding)
  const services = createServices({
    db,
    settings,
    fixedSettings: fixed,
    commonPasswords: loadCommonPasswords(options.resourcesDir),
    clock: options.clock,
    randomBytes: options.randomBytes,
    mailEvents: { print: options.printMail, stored: options.onMail },
    onAudit: log ? (entry) => logAuditEvent(log, entry) : undefined,
    env: options.env,
    dataDir: options.dataDir
  })
  // Runs after start-up; the first wrong password waits for it (see PasswordHasher).
  void services.hasher.calibrateFailureFloor(() => services.users.legacyHashes())
  services.sessions.deleteExpired()
  services.audit.prune(settings.audit.retentionInDays)
  const logError =
    log || options.logError
      ? (message: string) => {
          log?.error(message)
          ;(options.logError ?? console.error)(message)
        }
      : undefined
  const router = createRouter(services, handlers, { logError, host: options.host })
  const stopJobs = startHousekeeping(services, options.timers ?? systemTimers)
  log?.info(
    `started: data folder ${options.dataDir}, schema ${String(db.pragma('user_version', { simple: true }))}, mail ${settings.mail.transport}`
  )
  return {
    services,
    router,
    close: () => {
      stopJobs()
      db.close()
      log?.info('stopped')
    }
  }
}

/**
 * Failures (and lockouts) go to the log as well as the audit trail, so someone looking after
 * the machine sees them without an admin account. The name of an account that does not exist
 * is left out: it is whatever was typed at login, often a password typed in the wrong field.
 */
function logAuditEvent(log: AppLog, entry: AuditEntry): void {
  if (entry.outcome !== 'failure' && entry.kind !== 'lockout') return
  const subject = entry.subject
    ? entry.subject.id === null
      ? ' subject: a name with no account'
      : ` subject: ${entry.subject.username} (#${entry.subject.id})`
    : ''
  const actor =
    entry.actor && entry.actor.id !== entry.subject?.id ? ` by ${entry.actor.username} (#${entry.actor.id})` : ''
  log.warn(
    `audit ${entry.kind}${entry.outcome === 'failure' ? ' failure' : ''}${subject}${actor}${entry.detail ? `: ${entry.detail}` : ''}`
  )
}

/**
 * The data folder: `--data-dir DIR` (or `--data-dir=DIR`), else LOCAL_ACCOUNTS_DATA_DIR,
 * else the host's default (Electron's user-data folder).
 */
export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, fallback: string): string {
  const flag = argv.findIndex((arg) => arg === '--data-dir' || arg.startsWith('--data-dir='))
  if (flag >= 0) {
    const value = argv[flag].includes('=') ? argv[flag].slice('--data-dir='.length) : argv[flag + 1]
    if (!value) throw new Error('--data-dir needs a folder')
    return value
  }
  return env.LOCAL_ACCOUNTS_DATA_DIR || fallback
}

/**
 * The default data folder, where Electron puts user data for an app named `local-accounts`
 * (package.json's name). Pinned here rather than read from Electron, because a packaged build
 * would take electron-builder's productName instead, and the CLI scripts, which cannot load
 * Electron, must find the same folder as the app.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir()
): string {
  const base =
    platform === 'win32'
      ? env.APPDATA || join(home, 'AppData', 'Roaming')
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : env.XDG_CONFIG_HOME || join(home, '.config')
  return join(base, 'local-accounts')
}

/** Where resources/ sits relative to a bundle in out/main (dev and packaged alike). */
export const resourcesDirFrom = (bundleDir: string): string => join(bundleDir, '../../resources')
