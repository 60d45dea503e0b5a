import { errorMessage } from '../../shared/errors'
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell, type IpcMainInvokeEvent } from 'electron'
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CHANNEL_NAMES, ipcChannel, ipcEvent, type EventName } from '../../shared/channels'
import { aboutText } from './about'
import { createAppCore, defaultDataDir, resolveDataDir, resourcesDirFrom, type AppCore } from '../app'
import { lockDataFolder } from './instance-lock'
import type { CallerContext } from '../ipc/caller'
import { logsDirOf, openMainLog, type AppLog } from './log'
import { buildMenuTemplate } from './menu'
import { acceptKit } from '../testing/kit-hook'
import { announceWindowReady } from './window-ready'
import { ELECTRON_SQLITE_BINDING } from './native'
import { loadWindowState, placeOnScreen, saveWindowState } from './window-state'

export type WindowKind = CallerContext['kind']

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

const pageFile: Record<WindowKind, string> = { app: 'index.html', 'mail-log': 'mail-log.html' }
const APP_NAME = 'Local Accounts'
const MINIMUM_SIZE = { width: 420, height: 480 }
const DEFAULT_SIZE: Record<WindowKind, { width: number; height: number }> = {
  app: { width: 960, height: 720 },
  'mail-log': { width: 760, height: 640 }
}

/**
 * The thin Electron shell: hardened windows, one ipcMain handler per contract channel, and
 * each window bound to its own caller context. Everything else lives in core/db/ipc.
 */
export async function startElectronHost(options: ElectronHostOptions): Promise<ElectronHost | null> {
  const env = options.env ?? process.env
  // Absolute: Electron's paths must be, and `--data-dir data` means the folder where it was typed.
  const dataDir = resolve(resolveDataDir(options.argv ?? process.argv, env, defaultDataDir(env)))
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
  const nativeBinding = join(options.bundleDir, '../..', ELECTRON_SQLITE_BINDING)
  const sqliteNativeBinding = existsSync(nativeBinding) ? nativeBinding : undefined
  // Another user's session on the same folder is not covered by Electron's lock: ours is.
  // It throws DataFolderInUseError, which the entry point shows and exits on.
  const instance = lockDataFolder(dataDir, { nativeBinding: sqliteNativeBinding })
  const log = openMainLog(dataDir)
  await app.whenReady()
  // Only an unpackaged app that the testers' kit started has a test clock (see kit-hook.ts).
  const kit = acceptKit(env, { packaged: app.isPackaged, warn: (message) => log.warn(message) })
  let core: AppCore
  try {
    core = createAppCore({
      dataDir,
      resourcesDir: resourcesDirFrom(options.bundleDir),
      env,
      clock: kit?.clock,
      sqliteNativeBinding,
      log,
      // `notify` is hoisted; mail only arrives after a window has asked for it.
      onMail: () => notify('mail-log', 'mailLogChanged')
    })
  } catch (error) {
    log.error(`could not start: ${error instanceof Error ? error.message : String(error)}`)
    instance.release()
    throw error
  }
  kit?.install(core.services)
  const windows = new Map<number, { window: BrowserWindow; kind: WindowKind }>()
  const development = Boolean(options.rendererUrl)

  const pageUrl = (kind: WindowKind): string =>
    options.rendererUrl
      ? new URL(pageFile[kind], options.rendererUrl).toString()
      : pathToFileURL(join(options.bundleDir, '../renderer', pageFile[kind])).toString()
  const isOwnPage = (url: string, kind: WindowKind): boolean => stripHash(url) === stripHash(pageUrl(kind))

  // No page of ours asks for the camera, notifications or anything else.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)

  /** The caller context of a message, or null when it does not come from our own page's main frame. */
  function callerOf(event: IpcMainInvokeEvent): CallerContext | null {
    const entry = windows.get(event.sender.id)
    const frame = event.senderFrame
    if (!entry || !frame || frame !== event.sender.mainFrame) return null
    if (!isOwnPage(frame.url, entry.kind)) return null
    return { windowId: `electron-${event.sender.id}`, kind: entry.kind }
  }

  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(name), (event, payload) => {
      const caller = callerOf(event)
      if (!caller) {
        return { ok: false, error: { code: 'wrong_window', message: errorMessage('wrong_window') } }
      }
      return core.router.handle(caller, name, payload)
    })
  }

  function openWindow(kind: WindowKind): BrowserWindow {
    // The first app window opens where the last one closed (per data folder), moved on screen
    // if that display is gone; further ones are placed by the system, not stacked exactly on it.
    const firstAppWindow = kind === 'app' && ![...windows.values()].some((entry) => entry.kind === 'app')
    const saved = firstAppWindow ? loadWindowState(dataDir) : null
    const bounds = saved ? placeOnScreen(saved.bounds, workAreas(), MINIMUM_SIZE) : DEFAULT_SIZE[kind]
    const window = new BrowserWindow({
      ...bounds,
      minWidth: MINIMUM_SIZE.width,
      minHeight: MINIMUM_SIZE.height,
      title: kind === 'app' ? APP_NAME : `Mail log — ${APP_NAME}`,
      // Linux and Windows show it on the window and taskbar; macOS takes the bundle's.
      icon: join(resourcesDirFrom(options.bundleDir), 'icons', '512x512.png'),
      show: false,
      webPreferences: {
        preload: join(options.bundleDir, '../preload/index.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        spellcheck: false
      }
    })
    const id = window.webContents.id
    windows.set(id, { window, kind })
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
    window.webContents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url, kind)) event.preventDefault()
    })
    window.webContents.on('will-attach-webview', (event) => event.preventDefault())
    if (saved?.maximized) window.maximize()
    window.once('ready-to-show', () => {
      window.show()
      announceWindowReady(kind)
    })
    if (kind === 'app') {
      window.on('close', () => {
        try {
          saveWindowState(dataDir, { bounds: window.getNormalBounds(), maximized: window.isMaximized() })
        } catch (error) {
          log.warn(`could not save the window position: ${error instanceof Error ? error.message : String(error)}`)
        }
      })
    }
    window.on('closed', () => {
      windows.delete(id)
      core.router.windowClosed(`electron-${id}`)
    })
    void window.loadURL(pageUrl(kind))
    return window
  }

  function notify(kind: WindowKind, event: EventName): void {
    for (const entry of windows.values()) {
      if (entry.kind === kind) entry.window.webContents.send(ipcEvent(event))
    }
  }

  const logsDir = logsDirOf(dataDir)
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        appName: APP_NAME,
        developmentMail: core.services.settings.mail.transport === 'development',
        development,
        actions: {
          newWindow: () => openWindow('app'),
          openMailLog: () => openWindow('mail-log'),
          showAbout: () => {
            const about = aboutText({
              appName: APP_NAME,
              version: app.getVersion(),
              dataDir,
              logsDir,
              versions: process.versions
            })
            void dialog.showMessageBox({ type: 'info', buttons: ['OK'], ...about })
          },
          openLogsFolder: () => {
            mkdirSync(logsDir, { recursive: true, mode: 0o700 })
            void shell.openPath(logsDir)
          }
        }
      })
    )
  )

  // A second launch on this data folder: bring the first app window to the front instead.
  app.on('second-instance', () => {
    const first = [...windows.values()].find((entry) => entry.kind === 'app')?.window ?? openWindow('app')
    if (first.isMinimized()) first.restore()
    first.show()
    first.focus()
  })

  openWindow('app')
  app.on('activate', () => {
    if (windows.size === 0) openWindow('app')
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    core.close()
    instance.release()
  })
  return { core, dataDir, log, openWindow, notify }
}

const workAreas = () => {
  const primary = screen.getPrimaryDisplay().id
  // Primary first: a window whose display has gone is centred there.
  return screen
    .getAllDisplays()
    .sort((a, b) => Number(b.id === primary) - Number(a.id === primary))
    .map((display) => display.workArea)
}

const stripHash = (url: string): string => url.split('#')[0]
