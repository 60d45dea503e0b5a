import { app, dialog } from 'electron'
import { startElectronHost } from './desktop/electron-host'
import { APP_NAME } from '../shared/product'

// The desktop app's entry. Data folder: --data-dir DIR, LOCAL_ACCOUNTS_DATA_DIR, or Electron's user-data folder.
startElectronHost({ bundleDir: __dirname, rendererUrl: process.env.ELECTRON_RENDERER_URL }).catch((error: unknown) => {
  // Start-up failures (folder in use by another session, bad settings, a newer database) are
  // for the person at the machine, who may have no terminal: a dialog, then exit.
  const message = error instanceof Error ? error.message : String(error)
  console.error(message)
  dialog.showErrorBox(`${APP_NAME} cannot start`, message)
  app.exit(1)
})
