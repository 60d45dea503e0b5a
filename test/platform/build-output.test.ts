import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packageBin } from '../../scripts/lib/bin'
import { CHANNEL_NAMES, ipcChannel } from '../../src/shared/channels'
import { lockDataFolder } from '../../src/main/desktop/instance-lock'
import { CHEAP_HASHING } from '../helpers/core'

/**
 * What electron-vite actually emits, checked as Electron will load it. It builds into a fresh
 * app layout (out/ beside resources/) inside the project, so the bundle's external packages
 * resolve from node_modules exactly as in the real out/.
 */
const root = resolve(__dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
let appRoot = ''
let out = ''

beforeAll(() => {
  mkdirSync(join(root, 'test/artifacts'), { recursive: true })
  appRoot = mkdtempSync(join(root, 'test/artifacts/build-check-'))
  out = join(appRoot, 'out')
  symlinkSync(join(root, 'resources'), join(appRoot, 'resources'))
  const build = spawnSync(
    process.execPath,
    [packageBin('electron-vite'), 'build', '--outDir', out, '--logLevel', 'error'],
    {
      cwd: root,
      encoding: 'utf8'
    }
  )
  expect(build.status, build.stderr).toBe(0)
}, 120_000)

afterAll(() => rmSync(appRoot, { recursive: true, force: true }))

const pages = (): string[] => readdirSync(join(out, 'renderer')).filter((name) => name.endsWith('.html'))

describe('the built preload', () => {
  it('is CommonJS and requires nothing but electron (a sandboxed preload can do no more)', () => {
    const code = readFileSync(join(out, 'preload/index.js'), 'utf8')
    expect(code).not.toMatch(/^\s*(import|export)\b/m)
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
  })

  it('runs as Electron runs a sandboxed preload, and exposes one function per channel', () => {
    const code = readFileSync(join(out, 'preload/index.js'), 'utf8')
    const exposed = new Map<string, Record<string, unknown>>()
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => exposed.set(key, value) },
      ipcRenderer: { invoke: () => Promise.resolve(), on: () => undefined, removeListener: () => undefined }
    }
    const sandboxRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`)
      return electron
    }
    const module = { exports: {} }
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the built preload as Electron's sandbox would, with only the stand-in require
    new Function('require', 'module', 'exports', code)(sandboxRequire, module, module.exports)
    expect([...exposed.keys()]).toEqual(['api'])
    expect(Object.keys(exposed.get('api') ?? {}).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort())
  })
})

describe('the built pages', () => {
  it('load every asset by a relative URL that exists (they are opened from file:// when packaged)', () => {
    expect(pages().sort()).toEqual(['index.html', 'mail-log.html'])
    for (const page of pages()) {
      const html = readFileSync(join(out, 'renderer', page), 'utf8')
      const urls = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1])
      expect(urls.length, page).toBeGreaterThan(1)
      for (const url of urls) {
        if (url.startsWith('data:')) continue
        expect(url, page).toMatch(/^\.\//)
        expect(existsSync(join(out, 'renderer', url)), `${page}: ${url}`).toBe(true)
      }
    }
    for (const css of readdirSync(join(out, 'renderer/assets')).filter((name) => name.endsWith('.css'))) {
      expect(readFileSync(join(out, 'renderer/assets', css), 'utf8'), css).not.toMatch(/url\(\s*["']?(\/|https?:)/)
    }
  })

  it('ship a Content-Security-Policy with no unsafe-* source and no wildcard', () => {
    for (const page of pages()) {
      const html = readFileSync(join(out, 'renderer', page), 'utf8')
      const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
      expect(csp, page).toBeDefined()
      expect(csp, page).not.toMatch(/unsafe-|\*/)
      expect(csp, page).toMatch(/script-src 'self'/)
    }
  })
})

describe('what electron-builder packs', () => {
  it('covers everything the built app loads: main, preload, pages, their assets, and resources', () => {
    const included = (file: string): boolean =>
      (pkg.build.files as string[]).some((pattern) =>
        pattern.endsWith('/**') ? file.startsWith(pattern.slice(0, -2)) : file === pattern
      )
    const assets = readdirSync(join(out, 'renderer/assets')).map((name) => `out/renderer/assets/${name}`)
    const loaded = [
      pkg.main.replace(/^\.\//, ''),
      'out/preload/index.js',
      ...pages().map((page) => `out/renderer/${page}`),
      ...assets,
      'resources/common-passwords.txt',
      'resources/icons/512x512.png',
      'package.json'
    ]
    for (const file of loaded) {
      expect(existsSync(join(appRoot, file)) || existsSync(join(root, file)), file).toBe(true)
      expect(included(file), `${file} is not in build.files`).toBe(true)
    }
  })
})

describe('the built main bundle', () => {
  it('is what package.json’s main names', () => {
    expect(pkg.main.replace(/^\.\//, '')).toBe('out/main/index.js')
    expect(existsSync(join(appRoot, pkg.main))).toBe(true)
  })

  /** The built main bundle under Node, with the stand-in `electron`, on `dataDir`. */
  const runBundle = (dataDir: string) =>
    spawnSync(
      process.execPath,
      ['-r', join(root, 'test/helpers/fake-electron-main.cjs'), join(appRoot, pkg.main), '--data-dir', dataDir],
      { cwd: appRoot, encoding: 'utf8', env: { ...process.env, ELECTRON_RENDERER_URL: '' }, timeout: 60_000 }
    )

  it('registers exactly the contract’s channels and opens the built page with the built preload', () => {
    const dataDir = join(appRoot, 'data')
    mkdirSync(dataDir)
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ passwordHashing: CHEAP_HASHING }))
    const run = runBundle(dataDir)
    expect(run.status, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}')
    expect([...report.handlers].sort()).toEqual(CHANNEL_NAMES.map((name) => ipcChannel(name)).sort())
    expect(report.handlers).toHaveLength(new Set(report.handlers).size)
    expect(report.ipcOn).toEqual([])
    expect(report.windows).toEqual([
      {
        preload: join(out, 'preload/index.js'),
        sandbox: true,
        url: pathToFileURL(join(out, 'renderer/index.html')).toString()
      }
    ])
    expect(existsSync(report.windows[0].preload)).toBe(true)
    expect(report.menuLabels).toEqual(
      process.platform === 'darwin'
        ? ['Local Accounts', 'File', 'Edit', 'View', 'Window', 'Help']
        : ['File', 'Edit', 'View', 'Window', 'Help']
    )
    expect(report.userData).toBe(join(dataDir, 'electron'))
  })

  it('shows why and exits with status 1 when another process has the data folder', () => {
    const dataDir = join(appRoot, 'busy-data')
    const other = lockDataFolder(dataDir)
    try {
      const run = runBundle(dataDir)
      expect(run.status).toBe(1)
      expect(run.stderr).toMatch(/Local Accounts cannot start: Local Accounts is already running on the data folder/)
      expect(run.stdout).not.toContain('handlers')
    } finally {
      other.release()
    }
  })
})
