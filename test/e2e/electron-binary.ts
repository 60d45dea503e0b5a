import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { findElectron } from '../../scripts/lib/electron-binary'
import { ELECTRON_SQLITE_BINDING } from '../../src/main/desktop/native'

const root = resolve(__dirname, '../..')

/**
 * The Electron executable if the desktop app can run here (node_modules/electron/dist, or a
 * tester's own under ELECTRON_OVERRIDE_DIST_PATH, plus better-sqlite3 built for Electron),
 * else why not.
 */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  const electron = findElectron(env)
  if (!electron.present) {
    return {
      missing: electron.overridden
        ? `ELECTRON_OVERRIDE_DIST_PATH is set but ${electron.path} does not exist`
        : `no Electron binary on this machine (${electron.path} is absent: \`npm start\` downloads it on first use where GitHub is reachable; or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding one)`
    }
  }
  if (!existsSync(join(root, ELECTRON_SQLITE_BINDING))) {
    return {
      missing: `better-sqlite3 for Electron is not prepared (${ELECTRON_SQLITE_BINDING}): run \`npm start\` once, or \`node_modules/.bin/tsx scripts/prepare-electron-native.ts\``
    }
  }
  return { path: electron.path }
}
