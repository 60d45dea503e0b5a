import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from './bin'

export const electronPackageDir = join(projectRoot, 'node_modules', 'electron')

export interface ElectronBinary {
  /** Where the executable is, or would be once downloaded. */
  path: string
  present: boolean
  /** Set by ELECTRON_OVERRIDE_DIST_PATH: a tester's own binary, never downloaded by us. */
  overridden: boolean
}

const executableByPlatform: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
  linux: 'electron',
  freebsd: 'electron',
  openbsd: 'electron'
}

/**
 * Where `require('electron')` will look, worked out without requiring it: since Electron 42
 * requiring the package downloads a missing binary, which offline fails with a stack trace.
 * Mirrors node_modules/electron/index.js, including ELECTRON_OVERRIDE_DIST_PATH
 * (where, as there, the executable is `electron` unless path.txt says otherwise).
 */
export function findElectron(
  env: NodeJS.ProcessEnv = process.env,
  packageDir: string = electronPackageDir
): ElectronBinary {
  const pathFile = join(packageDir, 'path.txt')
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const path = join(override, recorded ?? 'electron')
    return { path, present: existsSync(path), overridden: true }
  }
  // Without path.txt (written by the download) the package downloads again whatever dist holds.
  const path = join(packageDir, 'dist', recorded ?? executableByPlatform[process.platform] ?? 'electron')
  return { path, present: recorded !== null && existsSync(path), overridden: false }
}

export const electronVersion = (packageDir: string = electronPackageDir): string =>
  (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version

/** The URL @electron/get downloads the binary from (ELECTRON_MIRROR and friends honoured). */
export function electronDownloadUrl(version: string, env: NodeJS.ProcessEnv = process.env): string {
  const mirror =
    env.npm_config_electron_mirror || env.ELECTRON_MIRROR || 'https://github.com/electron/electron/releases/download/'
  const dir = (env.npm_config_electron_custom_dir || env.ELECTRON_CUSTOM_DIR || `v${version}`).replace(
    '{{ version }}',
    version
  )
  return `${mirror}${dir}/electron-v${version}-${process.platform}-${process.arch}.zip`
}
