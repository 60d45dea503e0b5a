import type { BaseWindow, MenuItemConstructorOptions } from 'electron'

/** What the menu can ask the host to do. */
export interface MenuActions {
  newWindow(): void
  /** Locks the session of `window` (the focused one), as its Lock button would. */
  lock(window: BaseWindow | undefined): void
  /** Logs `window`'s session out, as its Log out button would. */
  logOut(window: BaseWindow | undefined): void
  openMailLog(): void
  showAbout(): void
  openLogsFolder(): void
}

export interface MenuOptions {
  platform: NodeJS.Platform
  appName: string
  /** The Mail log only exists in development mail mode; with SMTP it would stay empty. */
  developmentMail: boolean
  /** Developer tools only under `npm run dev`, never in a packaged app. */
  development: boolean
  actions: MenuActions
}

const separator: MenuItemConstructorOptions = { type: 'separator' }

/**
 * The application menu: File, Edit, View, Window, Help on every platform, plus the app menu
 * macOS expects first. A pure function, so every platform's menu is checked under Node.
 * Items the end-to-end tests click have ids (new-window, open-mail-log).
 */
export function buildMenuTemplate({
  platform,
  appName,
  developmentMail,
  development,
  actions
}: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const about: MenuItemConstructorOptions = { id: 'about', label: `About ${appName}`, click: () => actions.showAbout() }

  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      about,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' }
    ]
  }
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { id: 'new-window', label: 'New Window', accelerator: 'CmdOrCtrl+N', click: () => actions.newWindow() },
      separator,
      { id: 'lock', label: 'Lock', accelerator: 'CmdOrCtrl+L', click: (_item, window) => actions.lock(window) },
      { id: 'log-out', label: 'Log out', click: (_item, window) => actions.logOut(window) },
      separator,
      mac ? { role: 'close' } : { role: 'quit' }
    ]
  }
  const mailLog: MenuItemConstructorOptions[] = developmentMail
    ? [
        separator,
        { id: 'open-mail-log', label: 'Mail log', accelerator: 'CmdOrCtrl+Shift+M', click: () => actions.openMailLog() }
      ]
    : []
  const window: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: [
      { role: 'minimize' },
      ...(mac ? [{ role: 'zoom' } as const] : []),
      ...mailLog,
      separator,
      mac ? { role: 'front' } : { role: 'close' }
    ]
  }
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: 'Help',
    submenu: [about, { id: 'open-logs-folder', label: 'Open Logs Folder', click: () => actions.openLogsFolder() }]
  }
  return [...(mac ? [appMenu] : []), file, editMenu(mac), viewMenu(development), window, help]
}

function editMenu(mac: boolean): MenuItemConstructorOptions {
  return {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' }
    ]
  }
}

/** Developer tools only under `npm run dev`. */
function viewMenu(development: boolean): MenuItemConstructorOptions {
  return {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(development ? [{ role: 'toggleDevTools' } as const] : []),
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' }
    ]
  }
}
