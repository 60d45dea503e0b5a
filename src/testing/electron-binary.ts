import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { findElectron } from '../../scripts/lib/electron-binary'
import { ELECTRON_SQLITE_BINDING } from '../main/desktop/native'
import { packageRoot } from './package-root'

/**
 * The Electron executable if the desktop app can run here (node_modules/electron/dist, or a
 * tester's own under ELECTRON_OVERRIDE_DIST_PATH, plus better-sqlite3 built for Electron),
 * else why not.
 */
export function findElectronBinary(
  env: NodeJS.ProcessEnv = process.env,
  root: string = packageRoot
): { path: string } | { missing: string } {
  const electron = findElectron(env, join(root, 'node_modules', 'electron'))
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

/** Electron's fuse wire: this sentinel, a version byte, a length byte, then one byte per fuse. */
const FUSE_SENTINEL = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX')
/** Fuse positions (@electron/fuses' FuseV1Options) that `_electron.launch` depends on. */
const FUSES_PLAYWRIGHT_NEEDS: Record<number, string> = {
  0: 'RunAsNode',
  3: 'EnableNodeCliInspectArguments'
}
const DISABLED = 0x30 // '0'
const CHUNK_BYTES = 1 << 20

function fuseWireOffset(file: string): number | null {
  const fd = openSync(file, 'r')
  try {
    const size = statSync(file).size
    const chunk = Buffer.alloc(CHUNK_BYTES + FUSE_SENTINEL.length)
    // Overlapping reads, so a sentinel across a chunk boundary is still found.
    for (let at = 0; at < size; at += CHUNK_BYTES) {
      const read = readSync(fd, chunk, 0, chunk.length, at)
      const found = chunk.subarray(0, read).indexOf(FUSE_SENTINEL)
      if (found >= 0) return at + found
    }
    return null
  } finally {
    closeSync(fd)
  }
}

/**
 * Why Playwright cannot drive the Electron executable `file`, or null. A hardened packaged build
 * (package.json's electronFuses) turns off the fuses `_electron.launch` needs, and then Playwright
 * waits until its timeout with no useful message; this says so before trying.
 */
export function fuseRefusal(file: string): string | null {
  const offset = fuseWireOffset(file)
  if (offset === null) return null
  const wire = Buffer.alloc(2 + 16)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, wire, 0, wire.length, offset + FUSE_SENTINEL.length)
  } finally {
    closeSync(fd)
  }
  const length = wire[1]
  const off = Object.entries(FUSES_PLAYWRIGHT_NEEDS)
    .filter(([index]) => Number(index) < length && wire[2 + Number(index)] === DISABLED)
    .map(([, name]) => name)
  if (off.length === 0) return null
  return (
    `${file} has the Electron fuse(s) ${off.join(' and ')} turned off, as Local Accounts' packaged builds do ` +
    'to keep anyone from attaching a debugger to them; Playwright cannot drive it. Test the unpacked app ' +
    '(`npm run build` and an Electron binary), the browser target (LOCAL_ACCOUNTS_TARGET=browser), or a build ' +
    'packaged for testing with those fuses on (see docs/testing.md).'
  )
}
