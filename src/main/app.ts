import { join } from 'node:path'
import { openDatabase } from './db/database'
import { loadCommonPasswords } from './core/common-passwords'
import { createServices, type Services } from './core/services'
import { loadSettings, type Settings } from './core/settings'
import type { Clock, RandomBytes } from './core/clock'
import { handlers } from './ipc/handlers'
import { createRouter, type Router } from './ipc/router'

export interface AppOptions {
  dataDir: string
  resourcesDir: string
  /** Replaces settings.json and the environment (tests). */
  settings?: Settings
  env?: NodeJS.ProcessEnv
  clock?: Clock
  randomBytes?: RandomBytes
  logError?: (message: string) => void
  /** better-sqlite3 built for Electron (see scripts/prepare-electron-native.ts). */
  sqliteNativeBinding?: string
}

export interface AppCore {
  services: Services
  router: Router
  close(): void
}

/** Everything a host (Electron, browser preview, CLI) needs: database, services, router. */
export function createAppCore(options: AppOptions): AppCore {
  const settings = options.settings ?? loadSettings(options.dataDir, options.env)
  const db = openDatabase(options.dataDir, options.sqliteNativeBinding)
  const services = createServices({
    db,
    settings,
    commonPasswords: loadCommonPasswords(options.resourcesDir),
    clock: options.clock,
    randomBytes: options.randomBytes
  })
  services.sessions.deleteExpired()
  services.audit.prune(settings.audit.retentionInDays)
  const router = createRouter(services, handlers, { logError: options.logError })
  return { services, router, close: () => db.close() }
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

/** Where resources/ sits relative to a bundle in out/main (dev and packaged alike). */
export const resourcesDirFrom = (bundleDir: string): string => join(bundleDir, '../../resources')
