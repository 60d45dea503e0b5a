/** Where the Electron-ABI build of better-sqlite3 lives, relative to the app's root. */
export const ELECTRON_SQLITE_BINDING = 'native/electron/better_sqlite3.node'
