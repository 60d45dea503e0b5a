import { app } from 'electron'
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { defaultDataDir, resolveDataDir } from '../app'
import { lockDataFolder, type InstanceLock } from './instance-lock'
import { ELECTRON_SQLITE_BINDING } from './native'
import type { WindowFactory } from './window-factory'

export interface ClaimOptions {
  bundleDir: string
  argv: readonly string[]
  env: NodeJS.ProcessEnv
}

/** A data folder this launch holds alone. */
export interface ClaimedDataFolder {
  dataDir: string
  instance: InstanceLock
  /** The SQLite binding built for Electron, when the build has one beside it. */
  sqliteNativeBinding: string | undefined
}

/**
 * Takes the data folder for this launch, or answers null when another launch of this user has
 * it (that one comes to the front). Throws DataFolderInUseError when another user's has it.
 */
export function claimDataFolder({ bundleDir, argv, env }: ClaimOptions): ClaimedDataFolder | null {
  // Absolute: Electron's paths must be, and `--data-dir data` means the folder where it was typed.
  const dataDir = resolve(resolveDataDir(argv, env, defaultDataDir(env)))
  // Chromium's own profile goes inside the data folder. This also makes Electron's
  // single-instance lock (kept in userData) one per data folder rather than one per user.
  const userData = join(dataDir, 'electron')
  mkdirSync(userData, { recursive: true, mode: 0o700 })
  app.setPath('userData', userData)
  if (!app.requestSingleInstanceLock({ dataDir })) {
    // The first instance on this folder gets 'second-instance' and comes to the front.
    app.quit()
    return null
  }
  const nativeBinding = join(bundleDir, '../..', ELECTRON_SQLITE_BINDING)
  const sqliteNativeBinding = existsSync(nativeBinding) ? nativeBinding : undefined
  // Another user's session on the same folder is not covered by Electron's lock: ours is.
  const instance = lockDataFolder(dataDir, { nativeBinding: sqliteNativeBinding })
  return { dataDir, instance, sqliteNativeBinding }
}

/** A second launch fronts the first window; closing the last window quits (not on macOS). */
export function followAppLifecycle(windows: WindowFactory, onQuit: () => void): void {
  // A second launch on this data folder: bring the first app window to the front instead.
  app.on('second-instance', () => {
    const first = windows.firstOfKind('app') ?? windows.open('app')
    if (first.isMinimized()) first.restore()
    first.show()
    first.focus()
  })
  app.on('activate', () => {
    if (windows.count === 0) windows.open('app')
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', onQuit)
}
