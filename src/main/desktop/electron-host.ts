import type { BrowserWindow } from 'electron'
import { app, powerMonitor } from 'electron'
import type { EventName } from '../../shared/channels'
import { createAppCore, resourcesDirFrom, type AppCore, type AppOptions } from '../app'
import { exitNow } from '../exit-now'
import { installApplicationMenu } from './application-menu'
import { bindIpc } from './ipc-binding'
import { claimDataFolder, followAppLifecycle, type ClaimedDataFolder } from './lifecycle'
import { openMainLog, type AppLog } from './log'
import { lockSessionsWithSystem } from './power-lock'
import { desktopCapabilities } from './save-dialog'
import { acceptKit, type KitAccess } from '../testing/kit-hook'
import { refusePermissions, WindowFactory, type WindowKind } from './window-factory'

export type { WindowKind } from './window-factory'

export interface ElectronHostOptions {
  /** Folder of the built main bundle (out/main); preload and renderer sit beside it. */
  bundleDir: string
  argv?: readonly string[]
  env?: NodeJS.ProcessEnv
  /** The dev server's URL under `electron-vite dev`. */
  rendererUrl?: string
}

export interface ElectronHost {
  core: AppCore
  dataDir: string
  log: AppLog
  openWindow(kind: WindowKind): BrowserWindow
  /** Pushes an event to every window of `kind` (e.g. the Mail log when a message arrives). */
  notify(kind: WindowKind, event: EventName): void
}

/**
 * The thin Electron shell: claim the data folder (lifecycle.ts), start the core, then hardened
 * windows (window-factory.ts), one ipcMain handler per contract channel (ipc-binding.ts) and the
 * menu (application-menu.ts). Everything else lives in core/db/ipc.
 */
export async function startElectronHost(options: ElectronHostOptions): Promise<ElectronHost | null> {
  const env = options.env ?? process.env
  // Throws DataFolderInUseError, which the entry point shows and exits on.
  const claimed = claimDataFolder({ bundleDir: options.bundleDir, argv: options.argv ?? process.argv, env })
  if (!claimed) return null
  const { dataDir, instance } = claimed
  const log = openMainLog(dataDir)
  await app.whenReady()
  const { bundleDir, rendererUrl } = options
  // The closures run later: a window closes, or mail arrives, only after both exist.
  const windows = new WindowFactory({
    bundleDir,
    rendererUrl,
    dataDir,
    log,
    onClosed: (id) => core.router.windowClosed(id)
  })
  // Only an unpackaged app that the testers' kit started has a test clock (see kit-hook.ts).
  const kit = acceptKit(env, { packaged: app.isPackaged, warn: (message) => log.warn(message) })
  const core = startCore(bundleDir, env, claimed, log, kit, {
    onMail: () => windows.notify('mail-log', 'mailLogChanged'),
    host: desktopCapabilities(windows)
  })
  kit?.install(core.services)
  refusePermissions()
  bindIpc(windows, core.router)
  installApplicationMenu({
    windows,
    dataDir,
    developmentMail: core.services.settings.mail.transport === 'development',
    development: Boolean(rendererUrl),
    // Main does it; the window then asks main what it now shows.
    sessionAction: (windowId, action) =>
      void core.router.handle({ windowId, kind: 'app' }, action, {}).then(() => windows.notify('app', 'sessionChanged'))
  })
  lockSessionsWithSystem(powerMonitor, core.services.settings.sessions, () => {
    core.services.sessionLocks.lockAll()
    windows.notify('app', 'sessionChanged')
  })
  followAppLifecycle(windows, () => {
    core.close()
    instance.release()
    // Quitting would otherwise wait for a hash still on the thread pool (see exitNow).
    if (core.services.hasher.busy) exitNow(0, true)
  })
  windows.open('app')
  return {
    core,
    dataDir,
    log,
    openWindow: (kind) => windows.open(kind),
    notify: (kind, event) => windows.notify(kind, event)
  }
}

/** The app core on the claimed folder; on failure the folder is let go and the reason logged. */
function startCore(
  bundleDir: string,
  env: NodeJS.ProcessEnv,
  { dataDir, instance, sqliteNativeBinding }: ClaimedDataFolder,
  log: AppLog,
  kit: KitAccess | null,
  { onMail, host }: Pick<AppOptions, 'onMail' | 'host'>
): AppCore {
  try {
    const resourcesDir = resourcesDirFrom(bundleDir)
    return createAppCore({ dataDir, resourcesDir, env, clock: kit?.clock, sqliteNativeBinding, log, onMail, host })
  } catch (error) {
    log.error(`could not start: ${error instanceof Error ? error.message : String(error)}`)
    instance.release()
    throw error
  }
}
