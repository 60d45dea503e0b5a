import { BrowserWindow, screen, session, type Rectangle } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ipcEvent, type EventName } from '../../shared/channels'
import { APP_NAME } from '../../shared/product'
import { resourcesDirFrom } from '../app'
import type { CallerContext } from '../ipc/caller'
import type { AppLog } from './log'
import { announceWindowReady } from './window-ready'
import { loadWindowState, placeOnScreen, saveWindowState, type WindowState } from './window-state'

export type WindowKind = CallerContext['kind']

export interface WindowFactoryOptions {
  /** Folder of the built main bundle (out/main); preload and renderer sit beside it. */
  bundleDir: string
  /** The dev server's URL under `electron-vite dev`. */
  rendererUrl?: string
  dataDir: string
  log: AppLog
  /** Called with the window's caller id once it has closed, so main forgets it. */
  onClosed(windowId: string): void
}

const pageFile: Record<WindowKind, string> = { app: 'index.html', 'mail-log': 'mail-log.html' }
const MINIMUM_SIZE = { width: 420, height: 480 }
const DEFAULT_SIZE: Record<WindowKind, { width: number; height: number }> = {
  app: { width: 960, height: 720 },
  'mail-log': { width: 760, height: 640 }
}

/** The caller id main knows a window by. */
export const desktopWindowId = (webContentsId: number): string => `electron-${webContentsId}`

/** No page of ours asks for the camera, notifications or anything else. */
export function refusePermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}

/** The host's windows: hardened, each showing only its own page, and known by kind. */
export class WindowFactory {
  private readonly windows = new Map<number, { window: BrowserWindow; kind: WindowKind }>()

  constructor(private readonly options: WindowFactoryOptions) {}

  get count(): number {
    return this.windows.size
  }

  /** The kind of the window showing `webContentsId`, if it is one of ours. */
  kindOf(webContentsId: number): WindowKind | undefined {
    return this.windows.get(webContentsId)?.kind
  }

  /** The router's id of an app window (the menu's Lock and Log out act on it), or null. */
  appWindowId(window: unknown): string | null {
    for (const [id, entry] of this.windows)
      if (entry.window === window && entry.kind === 'app') return desktopWindowId(id)
    return null
  }

  /** The window main knows by the caller id `windowId`, while it is open. */
  byWindowId(windowId: string): BrowserWindow | undefined {
    for (const [id, entry] of this.windows) if (desktopWindowId(id) === windowId) return entry.window
    return undefined
  }

  firstOfKind(kind: WindowKind): BrowserWindow | undefined {
    return [...this.windows.values()].find((entry) => entry.kind === kind)?.window
  }

  isOwnPage(url: string, kind: WindowKind): boolean {
    return stripHash(url) === stripHash(this.pageUrl(kind))
  }

  open(kind: WindowKind): BrowserWindow {
    // The first app window opens where the last one closed (per data folder), moved on screen
    // if that display is gone; further ones are placed by the system, not stacked exactly on it.
    const saved = kind === 'app' && !this.firstOfKind('app') ? loadWindowState(this.options.dataDir) : null
    const window = this.create(kind, saved)
    const id = window.webContents.id
    this.windows.set(id, { window, kind })
    this.keepToOwnPage(window, kind)
    if (saved?.maximized) window.maximize()
    window.once('ready-to-show', () => {
      window.show()
      announceWindowReady(kind)
    })
    if (kind === 'app') window.on('close', () => this.remember(window))
    window.on('closed', () => {
      this.windows.delete(id)
      this.options.onClosed(desktopWindowId(id))
    })
    void window.loadURL(this.pageUrl(kind))
    return window
  }

  /** Pushes an event to every window of `kind` (e.g. the Mail log when a message arrives). */
  notify(kind: WindowKind, event: EventName): void {
    for (const entry of this.windows.values()) {
      if (entry.kind === kind) entry.window.webContents.send(ipcEvent(event))
    }
  }

  private pageUrl(kind: WindowKind): string {
    const { rendererUrl, bundleDir } = this.options
    return rendererUrl
      ? new URL(pageFile[kind], rendererUrl).toString()
      : pathToFileURL(join(bundleDir, '../renderer', pageFile[kind])).toString()
  }

  private create(kind: WindowKind, saved: WindowState | null): BrowserWindow {
    const bounds = saved ? placeOnScreen(saved.bounds, workAreas(), MINIMUM_SIZE) : DEFAULT_SIZE[kind]
    return new BrowserWindow({
      ...bounds,
      minWidth: MINIMUM_SIZE.width,
      minHeight: MINIMUM_SIZE.height,
      title: kind === 'app' ? APP_NAME : `Mail log — ${APP_NAME}`,
      // Linux and Windows show it on the window and taskbar; macOS takes the bundle's.
      icon: join(resourcesDirFrom(this.options.bundleDir), 'icons', '512x512.png'),
      show: false,
      webPreferences: {
        preload: join(this.options.bundleDir, '../preload/index.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        spellcheck: false
      }
    })
  }

  /** No pop-ups, no navigating away, no embedded web views. */
  private keepToOwnPage(window: BrowserWindow, kind: WindowKind): void {
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
    window.webContents.on('will-navigate', (event, url) => {
      if (!this.isOwnPage(url, kind)) event.preventDefault()
    })
    window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  }

  private remember(window: BrowserWindow): void {
    try {
      saveWindowState(this.options.dataDir, { bounds: window.getNormalBounds(), maximized: window.isMaximized() })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      this.options.log.warn(`could not save the window position: ${reason}`)
    }
  }
}

const workAreas = (): Rectangle[] => {
  const primary = screen.getPrimaryDisplay().id
  // Primary first: a window whose display has gone is centred there.
  return screen
    .getAllDisplays()
    .sort((a, b) => Number(b.id === primary) - Number(a.id === primary))
    .map((display) => display.workArea)
}

const stripHash = (url: string): string => url.split('#')[0]
