import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ELECTRON_SQLITE_BINDING } from '../src/main/native'

/**
 * better-sqlite3 is built for Node's ABI by `npm install` (tests and scripts run under Node).
 * Electron needs its own build, kept apart in native/ so the two never overwrite each other:
 * a prebuilt binary for this Electron version, or a compile against Electron's headers.
 * argon2 uses N-API and loads in both as it is. Needs the internet the first time.
 */
const root = resolve(__dirname, '..')
const target = join(root, ELECTRON_SQLITE_BINDING)
const electronVersion = (require(join(root, 'node_modules/electron/package.json')) as { version: string }).version

if (existsSync(target)) process.exit(0)

console.log(`Preparing better-sqlite3 for Electron ${electronVersion} (once)…`)
const work = mkdtempSync(join(tmpdir(), 'local-accounts-native-'))
const copy = join(work, 'better-sqlite3')
cpSync(join(root, 'node_modules/better-sqlite3'), copy, { recursive: true })
rmSync(join(copy, 'build'), { recursive: true, force: true })

const run = (args: string[]): boolean =>
  spawnSync('npx', args, { cwd: copy, stdio: 'inherit' }).status === 0

const built =
  run(['prebuild-install', '--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`]) ||
  run([
    'node-gyp',
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers'
  ])
if (!built) {
  console.error('Could not get better-sqlite3 for Electron: no prebuilt binary could be downloaded and the compile failed.')
  process.exit(1)
}
mkdirSync(join(target, '..'), { recursive: true })
cpSync(join(copy, 'build/Release/better_sqlite3.node'), target)
rmSync(work, { recursive: true, force: true })
console.log(`Ready: ${target}`)
