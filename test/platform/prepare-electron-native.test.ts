import { spawn, spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packageBin } from '../../scripts/lib/bin'
import { electronVersion, findElectron } from '../../scripts/lib/electron-binary'

/**
 * scripts/prepare-electron-native.ts for real: prebuild-install, run by path, downloads from a
 * mirror on loopback (npm_config_better_sqlite3_binary_host), exactly as it would from GitHub.
 */
const root = resolve(__dirname, '../..')
const nodeBuild = join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
const sqliteVersion = JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8'))
  .version as string
const abi = readFileSync(join(root, 'node_modules/electron/abi_version'), 'utf8').trim()
const tarballPath = `/v${sqliteVersion}/better-sqlite3-v${sqliteVersion}-electron-v${abi}-${process.platform}-${process.arch}.tar.gz`

let work = ''
let server: Server
let mirror = ''
const requests: string[] = []

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'local-accounts-prepare-'))
  // The tarball layout prebuild-install unpacks: build/Release/<module>.node.
  const staging = join(work, 'staging')
  mkdirSync(join(staging, 'build/Release'), { recursive: true })
  copyFileSync(nodeBuild, join(staging, 'build/Release/better_sqlite3.node'))
  const tarball = join(work, 'prebuilt.tar.gz')
  expect(spawnSync('tar', ['-czf', tarball, '-C', staging, 'build']).status).toBe(0)
  const body = readFileSync(tarball)

  server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`)
    if (request.url !== tarballPath) return void response.writeHead(404).end()
    // No range support, like many mirrors: the whole file every time.
    response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length })
    response.end(body)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((done) => server.close(done))
  rmSync(work, { recursive: true, force: true })
})

/** The environment of a machine whose only network is the loopback mirror. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of Object.keys(env)) {
    if (/proxy|^npm_config_|^ELECTRON_/i.test(key)) delete env[key]
  }
  return { ...env, npm_config_cache: join(work, 'npm-cache'), ...extra }
}

/** Runs the script as `npm start` does (tsx), asynchronously: the mirror lives in this process. */
function prepare(
  env: NodeJS.ProcessEnv,
  nativeDir: string
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [packageBin('tsx'), join(root, 'scripts/prepare-electron-native.ts'), '--native-dir', nativeDir],
      {
        cwd: work,
        env
      }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

/** A tester's own Electron (ELECTRON_OVERRIDE_DIST_PATH): only its presence is checked here. */
function ownElectron(): string {
  const dir = join(work, 'own-electron')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, process.platform === 'win32' ? 'electron.exe' : 'electron'), '')
  chmodSync(join(dir, 'electron'), 0o755)
  return dir
}

describe('prepare-electron-native', () => {
  it('downloads the prebuilt Electron build of better-sqlite3 into the native folder, once', async () => {
    const nativeDir = join(work, 'native-a')
    const env = cleanEnv({ npm_config_better_sqlite3_binary_host: mirror, ELECTRON_OVERRIDE_DIST_PATH: ownElectron() })

    const first = await prepare(env, nativeDir)
    expect(first.stderr + first.stdout).toContain('Ready:')
    expect(first.code).toBe(0)
    expect(requests).toContain(`GET ${tarballPath}`)
    expect(readFileSync(join(nativeDir, 'better_sqlite3.node')).equals(readFileSync(nodeBuild))).toBe(true)

    const before = requests.length
    const second = await prepare(env, nativeDir)
    expect(second.code).toBe(0)
    expect(second.stdout + second.stderr).toBe('')
    expect(requests.length).toBe(before)

    // After an upgrade (here: a binary made for another Electron), it is fetched again.
    const stampFile = join(nativeDir, 'built-for.json')
    writeFileSync(stampFile, readFileSync(stampFile, 'utf8').replace(electronVersion(), '44.0.0'))
    const third = await prepare(env, nativeDir)
    expect(third.code).toBe(0)
    expect(requests.slice(before)).toContain(`GET ${tarballPath}`)
  })

  it('offline, fails at once with one message: what, that it is needed once, and the browser alternative', async () => {
    const closed = createServer()
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done))
    const deadPort = (closed.address() as AddressInfo).port
    await new Promise((done) => closed.close(done))
    const nativeDir = join(work, 'native-b')
    const env = cleanEnv({
      npm_config_better_sqlite3_binary_host: `http://127.0.0.1:${deadPort}`,
      ELECTRON_MIRROR: `http://127.0.0.1:${deadPort}/`
    })

    const result = await prepare(env, nativeDir)
    expect(result.code).toBe(1)
    const message = result.stderr
    expect(message).toMatch(/^Could not download /m)
    expect(message).toContain(`better-sqlite3 ${sqliteVersion} built for Electron ${electronVersion()}`)
    if (!findElectron(env).present) expect(message).toContain(`the Electron ${electronVersion()} binary`)
    expect(message).toContain('refused the connection')
    expect(message).toMatch(/needs th(is|ese) once/)
    expect(message).toContain('npm run start:browser')
    expect(message.match(/could not download/gi)).toHaveLength(1)
    expect(message).not.toMatch(/^\s+at /m)
    expect(existsSync(nativeDir)).toBe(false)
  })

  it('with no prebuilt binary for the platform, falls back to compiling, and says when the headers cannot be had', async () => {
    const nativeDir = join(work, 'native-d')
    const result = await prepare(
      cleanEnv({
        npm_config_better_sqlite3_binary_host: `${mirror}/no-prebuilds-here`,
        npm_config_dist_url: `${mirror}/no-headers-here`,
        ELECTRON_OVERRIDE_DIST_PATH: ownElectron()
      }),
      nativeDir
    )
    expect(result.code).toBe(1)
    expect(requests).toContain(`GET /no-prebuilds-here${tarballPath}`)
    expect(requests).toContain(`GET /no-headers-here/v${electronVersion()}/node-v${electronVersion()}-headers.tar.gz`)
    expect(result.stderr).toContain(`Electron ${electronVersion()}'s headers, to compile better-sqlite3`)
    expect(result.stderr).toContain('HTTP 404')
    expect(result.stderr).toContain('npm run start:browser')
    expect(existsSync(nativeDir)).toBe(false)
  })

  it('refuses a missing tester binary named by ELECTRON_OVERRIDE_DIST_PATH rather than downloading one', async () => {
    const nativeDir = join(work, 'native-c')
    const before = requests.length
    const result = await prepare(
      cleanEnv({ npm_config_better_sqlite3_binary_host: mirror, ELECTRON_OVERRIDE_DIST_PATH: join(work, 'nowhere') }),
      nativeDir
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH points at a folder without it')
    expect(result.stderr).toContain('npm run start:browser')
    // The better-sqlite3 half still completes, so the next run needs only the binary.
    expect(existsSync(join(nativeDir, 'better_sqlite3.node'))).toBe(true)
    expect(requests.length).toBeGreaterThan(before)
  })
})
