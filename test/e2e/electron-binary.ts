import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const electronPackage = resolve(__dirname, '../../node_modules/electron')

/**
 * The Electron executable if one is installed, else why not. It reads the package's path.txt
 * itself: `require('electron')` would try to download the binary, which fails offline.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const pathFile = join(electronPackage, 'path.txt')
  if (!existsSync(pathFile)) {
    return {
      missing:
        'no Electron binary on this machine (node_modules/electron/path.txt is absent: the binary is downloaded from GitHub on first use, which this network does not allow)'
    }
  }
  const binary = join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary ${binary} does not exist` }
}
