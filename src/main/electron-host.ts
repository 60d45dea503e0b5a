import { app, BrowserWindow, ipcMain, Menu, session, type IpcMainInvokeEvent } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CHANNEL_NAMES, ipcChannel, ipcEvent, type EventName } from '../shared/channels'
import { createAppCore, defaultDataDir, resolveDataDir, resourcesDirFrom, type AppCore } from './app'
import type { CallerContext } from './ipc/caller'
import { ELECTRON_SQLITE_BINDING } from './native'

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
  openWindow(kind: WindowKind): BrowserWindow
  /** Pushes an event to every window of `kind` (e.g. the Mail log when a message arrives). */
  notify(kind: WindowKind, event: EventName): void
}

const pageFile: Record<WindowKind, string> = { app: 'index.html', 'mail-log': 'mail-log.html' }

/**
 * The thin Electron shell: hardened windows, one ipcMain handler per contract channel, and
 * each window bound to its own caller context. Everything else lives in core/db/ipc.
 */
export async function startElectronHost(options: ElectronHostOptions): Promise<ElectronHost> {
  const env = options.env ?? process.env
  const dataDir = resolveDataDir(options.argv ?? process.argv, env, defaultDataDir(env))
  await app.whenReady()
  const nativeBinding = join(options.bundleDir, '../..', ELECTRON_SQLITE_BINDING)
  const core = createAppCore({
    dataDir,
    resourcesDir: resourcesDirFrom(options.bundleDir),
    env,
    sqliteNativeBinding: existsSync(nativeBinding) ? nativeBinding : undefined,
    // `notify` is hoisted; mail only arrives after a window has asked for it.
    onMail: () => notify('mail-log', 'mailLogChanged')
  })
  const windows = new Map<number, { window: BrowserWindow; kind: WindowKind }>()

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
        return { ok: false, error: { code: 'wrong_window', message: 'This window may not do that.' } }
      }
      return core.router.handle(caller, name, payload)
    })
  }

  function openWindow(kind: WindowKind): BrowserWindow {
    const window = new BrowserWindow({
      width: kind === 'app' ? 960 : 760,
      height: kind === 'app' ? 720 : 640,
      minWidth: 420,
      minHeight: 480,
      title: kind === 'app' ? 'Local Accounts' : 'Mail log — Local Accounts',
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
    window.once('ready-to-show', () => window.show())
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

  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { role: 'fileMenu' },
      { role: 'editMenu' },
      {
        label: 'Window',
        submenu: [
          { id: 'new-window', label: 'New Window', accelerator: 'CmdOrCtrl+N', click: () => openWindow('app') },
          { id: 'open-mail-log', label: 'Mail log', accelerator: 'CmdOrCtrl+Shift+M', click: () => openWindow('mail-log') },
          { role: 'minimize' },
          { role: 'close' }
        ]
      }
    ])
  )

  openWindow('app')
  app.on('activate', () => {
    if (windows.size === 0) openWindow('app')
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => core.close())
  return { core, openWindow, notify }
}

const stripHash = (url: string): string => url.split('#')[0]
