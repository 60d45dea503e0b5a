import { app, dialog, Menu, shell } from 'electron'
import { mkdirSync } from 'node:fs'
import { APP_NAME } from '../../shared/product'
import { aboutText } from './about'
import { logsDirOf } from './log'
import { buildMenuTemplate } from './menu'
import type { WindowFactory } from './window-factory'

export interface ApplicationMenuOptions {
  windows: WindowFactory
  dataDir: string
  /** The Mail log only exists in development mail mode. */
  developmentMail: boolean
  /** Developer tools only under `npm run dev`. */
  development: boolean
  /** Lock or Log out the session of an app window (by the router's window id), as its buttons would. */
  sessionAction(windowId: string, action: 'lockSession' | 'logOut'): void
}

/** Installs the menu of menu.ts, its items wired to the host's windows, dialogs and shell. */
export function installApplicationMenu(options: ApplicationMenuOptions): void {
  const { windows, dataDir, developmentMail, development } = options
  const logsDir = logsDirOf(dataDir)
  const showAbout = (): void => {
    const versions = process.versions
    const about = aboutText({ appName: APP_NAME, version: app.getVersion(), dataDir, logsDir, versions })
    void dialog.showMessageBox({ type: 'info', buttons: ['OK'], ...about })
  }
  const openLogsFolder = (): void => {
    mkdirSync(logsDir, { recursive: true, mode: 0o700 })
    void shell.openPath(logsDir)
  }
  const forWindow = (window: unknown, action: 'lockSession' | 'logOut'): void => {
    const windowId = windows.appWindowId(window)
    if (windowId) options.sessionAction(windowId, action)
  }
  const template = buildMenuTemplate({
    platform: process.platform,
    appName: APP_NAME,
    developmentMail,
    development,
    actions: {
      newWindow: () => windows.open('app'),
      lock: (window) => forWindow(window, 'lockSession'),
      logOut: (window) => forWindow(window, 'logOut'),
      openMailLog: () => windows.open('mail-log'),
      showAbout,
      openLogsFolder
    }
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
