import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { ELECTRON_SQLITE_BINDING } from '../src/main/desktop/native'
import { packageBin, projectRoot } from './lib/bin'
import { electronDownloadUrl, electronPackageDir, electronVersion, findElectron } from './lib/electron-binary'

/**
 * Run before `npm start`, `npm run dev` and `npm run package`: makes sure the two things the
 * desktop app needs beyond `npm install` are on disk, downloading each once.
 *
 * 1. The Electron binary (node_modules/electron/dist, or ELECTRON_OVERRIDE_DIST_PATH).
 * 2. better-sqlite3 built for Electron's ABI, kept apart in native/electron/ so it never
 *    overwrites the Node build that tests and scripts use: a prebuilt binary for this Electron
 *    version, or a compile against Electron's headers. argon2 uses N-API and loads in both.
 *
 * Each download URL is probed first with a short timeout, so that offline the command ends in
 * seconds with one message instead of a stack trace per tool.
 *
 * Options: --native-dir DIR (default native/electron). Mirrors: ELECTRON_MIRROR,
 * npm_config_better_sqlite3_binary_host, npm_config_dist_url (Electron headers).
 */
const PROBE_TIMEOUT_MS = 5_000

type Probe = { ok: true } | { ok: false; missing: boolean; reason: string }

/**
 * Can `url` be reached, and does it exist? Only an unreachable host or a 404 counts against
 * it; any other answer (a 403 from a signed-URL redirect, say) is left to the tool, which
 * reports its own errors. A one-byte range GET, since some download hosts refuse HEAD. With a
 * proxy configured, Node's fetch would bypass it, so the tools (which honour it) just try.
 */
async function probe(url: string, env: NodeJS.ProcessEnv): Promise<Probe> {
  if (env.HTTPS_PROXY || env.https_proxy || env.npm_config_https_proxy || env.npm_config_proxy) return { ok: true }
  try {
    const response = await fetch(url, {
      headers: { range: 'bytes=0-0' },
      redirect: 'follow',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS)
    })
    await response.body?.cancel()
    if (response.status === 404) return { ok: false, missing: true, reason: 'HTTP 404 (not published there)' }
    return { ok: true }
  } catch (error) {
    return { ok: false, missing: false, reason: networkReason(error, url) }
  }
}

function networkReason(error: unknown, url: string): string {
  const host = new URL(url).host
  const cause = (error as { cause?: { code?: string } }).cause
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return `no answer from ${host} within ${PROBE_TIMEOUT_MS / 1000} s`
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return `${host} not found (no internet?)`
  if (cause?.code === 'ECONNREFUSED') return `${host} refused the connection`
  return `${host} unreachable (${cause?.code ?? (error instanceof Error ? error.message : String(error))})`
}

const node = (script: string, args: string[], cwd: string): boolean =>
  spawnSync(process.execPath, [script, ...args], { cwd, stdio: 'inherit', env: process.env }).status === 0

function nativeDirFrom(argv: readonly string[]): string {
  const index = argv.indexOf('--native-dir')
  if (index >= 0 && !argv[index + 1]) throw new Error('--native-dir needs a folder')
  return index >= 0 ? resolve(argv[index + 1]) : join(projectRoot, dirname(ELECTRON_SQLITE_BINDING))
}

/** Something that must be downloaded and could not be: what, from where, why. */
interface Missing {
  what: string
  url: string
  reason: string
}

interface Plan {
  version: string
  nativeDir: string
  electron: ReturnType<typeof findElectron>
  electronUrl: string
  sqlite: { version: string; dir: string; target: string; prebuiltUrl: string; headersBase: string; headersUrl: string }
}

function plan(env: NodeJS.ProcessEnv, nativeDir: string): Plan {
  const version = electronVersion()
  const dir = join(projectRoot, 'node_modules', 'better-sqlite3')
  const sqliteVersion = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version
  const abi = readFileSync(join(electronPackageDir, 'abi_version'), 'utf8').trim()
  const host =
    env.npm_config_better_sqlite3_binary_host || 'https://github.com/WiseLibs/better-sqlite3/releases/download'
  const headersBase = env.npm_config_dist_url || 'https://electronjs.org/headers'
  return {
    version,
    nativeDir,
    electron: findElectron(env),
    electronUrl: electronDownloadUrl(version, env),
    sqlite: {
      version: sqliteVersion,
      dir,
      target: join(nativeDir, 'better_sqlite3.node'),
      prebuiltUrl: `${host}/v${sqliteVersion}/better-sqlite3-v${sqliteVersion}-electron-v${abi}-${process.platform}${musl()}-${process.arch}.tar.gz`,
      headersBase,
      headersUrl: `${headersBase}/v${version}/node-v${version}-headers.tar.gz`
    }
  }
}

/** Which Electron and better-sqlite3 the binary in the native folder was made for. */
const stampFile = (nativeDir: string): string => join(nativeDir, 'built-for.json')
const stamp = (electron: string, betterSqlite3: string): string => JSON.stringify({ electron, betterSqlite3 })

/** Present and made for these versions: after an upgrade of either, it is fetched again. */
function sqliteReady({ nativeDir, version, sqlite }: Plan): boolean {
  if (!existsSync(sqlite.target) || !existsSync(stampFile(nativeDir))) return false
  return readFileSync(stampFile(nativeDir), 'utf8') === stamp(version, sqlite.version)
}

function ensureElectron({ version, electron, electronUrl }: Plan, reachable: Probe | null): Missing | null {
  if (electron.present) return null
  const what = `the Electron ${version} binary`
  if (electron.overridden) {
    return { what, url: electron.path, reason: 'ELECTRON_OVERRIDE_DIST_PATH points at a folder without it' }
  }
  if (reachable && !reachable.ok) return { what, url: electronUrl, reason: reachable.reason }
  console.log(`Downloading Electron ${version} (once)…`)
  node(join(electronPackageDir, 'install.js'), [], projectRoot)
  return findElectron(process.env).present
    ? null
    : { what, url: electronUrl, reason: 'the download failed (see above)' }
}

async function ensureSqlite(
  { version, nativeDir, sqlite }: Plan,
  prebuilt: Probe | null,
  env: NodeJS.ProcessEnv
): Promise<Missing | null> {
  if (!prebuilt) return null
  const what = `better-sqlite3 ${sqlite.version} built for Electron ${version}`
  if (!prebuilt.ok && !prebuilt.missing) return { what, url: sqlite.prebuiltUrl, reason: prebuilt.reason }
  if (!prebuilt.ok) {
    // No prebuilt binary for this platform: it is compiled, which needs Electron's headers.
    const headers = await probe(sqlite.headersUrl, env)
    if (!headers.ok)
      return {
        what: `Electron ${version}'s headers, to compile ${what}`,
        url: sqlite.headersUrl,
        reason: headers.reason
      }
  }

  console.log(`Preparing ${what} (once)…`)
  const work = mkdtempSync(join(tmpdir(), 'local-accounts-native-'))
  try {
    const copy = join(work, 'better-sqlite3')
    cpSync(sqlite.dir, copy, { recursive: true })
    rmSync(join(copy, 'build'), { recursive: true, force: true })
    const common = [`--target=${version}`, `--arch=${process.arch}`]
    const built = prebuilt.ok
      ? node(packageBin('prebuild-install'), ['--runtime=electron', ...common], copy)
      : node(packageBin('node-gyp'), ['rebuild', '--release', ...common, `--dist-url=${sqlite.headersBase}`], copy)
    const binary = join(copy, 'build', 'Release', 'better_sqlite3.node')
    if (!built || !existsSync(binary)) {
      return prebuilt.ok
        ? { what, url: sqlite.prebuiltUrl, reason: 'prebuild-install failed (see above)' }
        : { what, url: sqlite.headersUrl, reason: 'the compile failed (see above)' }
    }
    mkdirSync(nativeDir, { recursive: true })
    cpSync(binary, sqlite.target)
    writeFileSync(stampFile(nativeDir), stamp(version, sqlite.version))
    console.log(`Ready: ${sqlite.target}`)
    return null
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** prebuild-install names musl builds `linuxmusl`; glibc reports its version, musl does not. */
function musl(): string {
  if (process.platform !== 'linux') return ''
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header
  return header?.glibcVersionRuntime ? '' : 'musl'
}

async function main(): Promise<number> {
  const env = process.env
  const steps = plan(env, nativeDirFrom(process.argv.slice(2)))
  // Both probes at once, so offline the wait is one timeout, not two.
  const needsElectron = !steps.electron.present && !steps.electron.overridden
  const [electronProbe, prebuiltProbe] = await Promise.all([
    needsElectron ? probe(steps.electronUrl, env) : null,
    sqliteReady(steps) ? null : probe(steps.sqlite.prebuiltUrl, env)
  ])
  const missing = [ensureElectron(steps, electronProbe), await ensureSqlite(steps, prebuiltProbe, env)].filter(
    (item): item is Missing => item !== null
  )
  if (missing.length === 0) return 0
  console.error(
    [
      '',
      `Could not download ${missing.map((m) => m.what).join(' and ')}:`,
      ...missing.map((m) => `  ${m.url}: ${m.reason}`),
      `The desktop app needs ${missing.length > 1 ? 'these' : 'this'} once, with internet access; after that it starts offline.`,
      'Meanwhile, `npm run start:browser` runs the same app in a browser.',
      ''
    ].join('\n')
  )
  return 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
)
