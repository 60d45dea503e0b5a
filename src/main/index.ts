import { startElectronHost } from './electron-host'

// The desktop app's entry. Data folder: --data-dir DIR, LOCAL_ACCOUNTS_DATA_DIR, or Electron's user-data folder.
startElectronHost({ bundleDir: __dirname, rendererUrl: process.env.ELECTRON_RENDERER_URL }).catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
