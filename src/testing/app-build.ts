import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packageBin } from '../../scripts/lib/bin'
import { packageRoot } from './package-root'

/** What the app needs from the build; the oldest of them must be newer than every source. */
export const APP_OUTPUTS = ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html']
/** The app's sources (src/testing is the kit itself, already running). */
const APP_SOURCES = ['src/main', 'src/preload', 'src/renderer', 'src/shared']
const LOCK_WAIT_MS = 120_000
/** A lock older than this was left by a build that was killed: nobody is building. */
const STALE_LOCK_MS = 10 * 60_000

function newestIn(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((entry) => newestIn(join(path, entry))))
}

/** Why the app must be built first, or null when its build is there and up to date. */
export function buildNeeded(root: string = packageRoot): string | null {
  const outputs = APP_OUTPUTS.map((file) => join(root, file))
  const missing = outputs.find((file) => !existsSync(file))
  if (missing) return `${missing} is missing`
  const sources = APP_SOURCES.map((dir) => join(root, dir)).filter((dir) => existsSync(dir))
  // An installed package may carry out/ without src/: then its build is all there is.
  if (sources.length === 0) return null
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  return Math.max(...sources.map(newestIn)) > built ? 'the sources are newer than out/' : null
}

const sleep = (ms: number): void => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms) as unknown as void

/**
 * Builds the app (electron-vite) when out/ is missing or older than the sources, once even with
 * several workers: the first takes a lock folder and builds, the others wait for it and look again.
 */
export function ensureAppBuilt(root: string = packageRoot): void {
  const started = Date.now()
  // Outside out/, which the build empties; one per package folder.
  const lock = join(
    tmpdir(),
    `local-accounts-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.lock`
  )
  for (let reason = buildNeeded(root); reason !== null; reason = buildNeeded(root)) {
    const builder = existsSync(join(root, 'node_modules', 'electron-vite'))
      ? packageBin('electron-vite', 'electron-vite', root)
      : null
    if (!builder) {
      throw new Error(
        `Local Accounts is not built (${reason}) and cannot build itself here (no electron-vite in ${root}). ` +
          'Install a package made by `npm pack` (it carries out/), or run `npm run build` in the Local Accounts folder.'
      )
    }
    try {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmdirSync(lock)
      mkdirSync(lock)
    } catch {
      if (Date.now() - started > LOCK_WAIT_MS)
        throw new Error(`Waited too long for another build (remove ${lock} if none runs)`)
      sleep(500)
      continue
    }
    try {
      console.log(`[local-accounts/testing] building the app first: ${reason}`)
      execFileSync(process.execPath, [builder, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
    } finally {
      rmdirSync(lock)
    }
  }
}
