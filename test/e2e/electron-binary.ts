import { findElectron } from '../../scripts/lib/electron-binary'

/**
 * The Electron executable if one is installed (node_modules/electron/dist, or a tester's own
 * under ELECTRON_OVERRIDE_DIST_PATH), else why not.
 */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  const electron = findElectron(env)
  if (electron.present) return { path: electron.path }
  return {
    missing: electron.overridden
      ? `ELECTRON_OVERRIDE_DIST_PATH is set but ${electron.path} does not exist`
      : `no Electron binary on this machine (${electron.path} is absent: it is downloaded from GitHub on first \`npm start\`, which this network does not allow; or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding one)`
  }
}
