import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startElectronHost, type ElectronHost } from '../../src/main/electron-host'
import { DATABASE_FILE_NAME } from '../../src/main/db/database'
import { CHANNEL_NAMES, ipcChannel } from '../../src/shared/channels'
import type { Result } from '../../src/shared/result'
import { CHEAP_HASHING, RESOURCES_DIR, signUpInput } from '../helpers/core'

/**
 * A stand-in for the parts of `electron` the host touches. It only records what the host asks
 * of it; the router, core and database behind the host are the real ones.
 */
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown
  interface Frame {
    url: string
  }

  class FakeWebContents {
    readonly mainFrame: Frame = { url: '' }
    windowOpenHandler: Listener | null = null
    readonly listeners = new Map<string, Listener[]>()
    readonly sent: string[] = []
    constructor(readonly id: number) {}
    setWindowOpenHandler(handler: Listener): void {
      this.windowOpenHandler = handler
    }
    on(name: string, listener: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
      return this
    }
    send(channel: string): void {
      this.sent.push(channel)
    }
    emit(name: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(name) ?? []) listener(...args)
    }
  }

  const state = {
    nextId: 1,
    windows: [] as FakeBrowserWindow[],
    handlers: new Map<string, Listener>(),
    ipcOn: [] as string[],
    appListeners: new Map<string, Listener[]>(),
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    menuTemplate: null as unknown,
    userDataDir: ''
  }

  class FakeBrowserWindow {
    readonly webContents: FakeWebContents
    readonly listeners = new Map<string, Listener[]>()
    loadedUrl = ''
    constructor(readonly options: Record<string, unknown>) {
      this.webContents = new FakeWebContents(state.nextId++)
      state.windows.push(this)
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url
      this.webContents.mainFrame.url = url
      return Promise.resolve()
    }
    on(name: string, listener: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
      return this
    }
    once(name: string, listener: Listener): this {
      return this.on(name, listener)
    }
    show(): void {}
    emit(name: string): void {
      for (const listener of this.listeners.get(name) ?? []) listener()
    }
  }

  const electron = {
    app: {
      whenReady: () => Promise.resolve(),
      getPath: () => state.userDataDir,
      on: (name: string, listener: Listener) => {
        state.appListeners.set(name, [...(state.appListeners.get(name) ?? []), listener])
      },
      quit: () => {}
    },
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: Listener) => {
        if (state.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
        state.handlers.set(channel, listener)
      },
      on: (channel: string) => state.ipcOn.push(channel)
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => {
        state.menuTemplate = menu
      }
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => {
          state.permissionRequest = handler
        },
        setPermissionCheckHandler: (handler: Listener) => {
          state.permissionCheck = handler
        }
      }
    }
  }

  function reset(): void {
    state.nextId = 1
    state.windows = []
    state.handlers = new Map()
    state.ipcOn = []
    state.appListeners = new Map()
    state.permissionRequest = null
    state.permissionCheck = null
    state.menuTemplate = null
  }

  return { state, electron, reset, FakeWebContents }
})

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }))

type FakeWindow = (typeof fake.state.windows)[number]

let root = ''
let dataDir = ''
let host: ElectronHost | null = null

beforeEach(() => {
  fake.reset()
  // A throwaway app layout: out/main (the bundle), resources/ beside it, and the data folder.
  root = mkdtempSync(join(tmpdir(), 'local-accounts-electron-'))
  mkdirSync(join(root, 'app', 'out', 'main'), { recursive: true })
  symlinkSync(RESOURCES_DIR, join(root, 'app', 'resources'))
  dataDir = join(root, 'data')
  mkdirSync(dataDir)
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ passwordHashing: CHEAP_HASHING }))
  fake.state.userDataDir = join(root, 'electron-user-data')
})

afterEach(() => {
  if (host?.core.services.db.open) host.core.close()
  host = null
  rmSync(root, { recursive: true, force: true })
})

const bundleDir = (): string => join(root, 'app', 'out', 'main')
const pageUrl = (file: string): string => pathToFileURL(join(root, 'app', 'out', 'renderer', file)).toString()

async function start(): Promise<ElectronHost> {
  host = await startElectronHost({ bundleDir: bundleDir(), argv: ['electron', '.', '--data-dir', dataDir], env: {} })
  return host
}

/** What the renderer's `ipcRenderer.invoke` would deliver to the host, from `frame` of `contents`. */
function invoke(
  contents: { id: number; mainFrame: { url: string } },
  channel: string,
  payload: unknown,
  frame: { url: string } | null = contents.mainFrame
): Promise<Result<unknown>> {
  const handler = fake.state.handlers.get(ipcChannel(channel as never))
  if (!handler) throw new Error(`no handler for ${channel}`)
  return Promise.resolve(handler({ sender: contents, senderFrame: frame }, payload)) as Promise<Result<unknown>>
}

const firstWindow = (): FakeWindow => fake.state.windows[0]

describe('the Electron host', () => {
  it('registers exactly one ipcMain.handle per contract channel, and nothing else', async () => {
    await start()
    expect([...fake.state.handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map((name) => ipcChannel(name)).sort())
    expect(fake.state.ipcOn).toEqual([])
  })

  it('keeps its data in the --data-dir folder, not Electron’s default', async () => {
    await start()
    expect(existsSync(join(dataDir, DATABASE_FILE_NAME))).toBe(true)
    expect(existsSync(fake.state.userDataDir)).toBe(false)
  })

  it('opens one hardened app window on the built page', async () => {
    await start()
    expect(fake.state.windows).toHaveLength(1)
    const { options, loadedUrl } = firstWindow()
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: join(root, 'app', 'out', 'preload', 'index.js')
    })
    expect(options.webPreferences).not.toHaveProperty('nodeIntegrationInSubFrames', true)
    expect(options.webPreferences).not.toHaveProperty('webviewTag', true)
    expect(loadedUrl).toBe(pageUrl('index.html'))
  })

  it('denies window.open, foreign navigation and webviews', async () => {
    await start()
    const contents = firstWindow().webContents
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler?.({ url: pageUrl('index.html') })).toEqual({ action: 'deny' })

    const navigate = (url: string): boolean => {
      const event = { preventDefault: vi.fn() }
      contents.emit('will-navigate', event, url)
      return event.preventDefault.mock.calls.length > 0
    }
    expect(navigate('https://evil.example/')).toBe(true)
    expect(navigate(pathToFileURL('/etc/passwd').toString())).toBe(true)
    expect(navigate(pageUrl('mail-log.html'))).toBe(true)
    expect(navigate(pageUrl('index.html'))).toBe(false)
    expect(navigate(`${pageUrl('index.html')}#/login`)).toBe(false)

    const webview = { preventDefault: vi.fn() }
    contents.emit('will-attach-webview', webview)
    expect(webview.preventDefault).toHaveBeenCalled()
  })

  it('denies every permission request and check', async () => {
    await start()
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      const callback = vi.fn()
      fake.state.permissionRequest?.(firstWindow().webContents, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
      expect(fake.state.permissionCheck?.(firstWindow().webContents, permission)).toBe(false)
    }
  })

  it('ships pages with a strict Content-Security-Policy', () => {
    for (const page of ['index.html', 'mail-log.html']) {
      const html = readFileSync(resolve(__dirname, '../../src/renderer', page), 'utf8')
      const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]))
      expect(directives['default-src'], page).toEqual(["'self'"])
      expect(directives['script-src'], page).toEqual(["'self'"])
      expect(directives['object-src'], page).toEqual(["'none'"])
      expect(csp, page).not.toMatch(/unsafe-eval|\*/)
    }
  })
})

describe('IPC through the host', () => {
  it('a message from the window’s own page reaches the router', async () => {
    await start()
    const contents = firstWindow().webContents
    expect(await invoke(contents, 'getSession', {})).toMatchObject({
      ok: true,
      data: { user: null, endedBecause: null, firstRun: true }
    })
    const created = await invoke(contents, 'createFirstAdmin', signUpInput('admin'))
    expect(created).toMatchObject({ ok: true, data: { user: { username: 'admin', isAdmin: true } } })
    expect(await invoke(contents, 'getSession', {})).toMatchObject({ ok: true, data: { user: { username: 'admin' } } })
  })

  it('refuses with wrong_window a message from a subframe, a foreign page, a missing frame or an unknown webContents', async () => {
    await start()
    const contents = firstWindow().webContents
    const refusals = [
      await invoke(contents, 'createFirstAdmin', signUpInput('sub'), { url: pageUrl('index.html') }),
      await invoke(contents, 'createFirstAdmin', signUpInput('noframe'), null),
      await invoke(new fake.FakeWebContents(99), 'createFirstAdmin', signUpInput('stranger'), { url: pageUrl('index.html') })
    ]
    contents.mainFrame.url = 'https://evil.example/index.html'
    refusals.push(await invoke(contents, 'createFirstAdmin', signUpInput('foreign')))
    for (const result of refusals) expect(result).toMatchObject({ ok: false, error: { code: 'wrong_window' } })
    expect(host?.core.services.users.count()).toBe(0)
  })

  it('gives each window its own session', async () => {
    const { openWindow } = await start()
    openWindow('app')
    const [first, second] = fake.state.windows.map((w) => w.webContents)
    await invoke(first, 'createFirstAdmin', signUpInput('admin'))
    expect(await invoke(second, 'getSession', {})).toMatchObject({ ok: true, data: { user: null } })
    expect(await invoke(second, 'logOut', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } })
  })

  it('tells the Mail log window apart from app windows', async () => {
    const { openWindow } = await start()
    const mailLog = openWindow('mail-log')
    expect((mailLog as unknown as FakeWindow).loadedUrl).toBe(pageUrl('mail-log.html'))
    const contents = (mailLog as unknown as FakeWindow).webContents
    expect(await invoke(contents, 'mailLogList', {})).toEqual({ ok: true, data: [] })
    expect(await invoke(contents, 'getSession', {})).toMatchObject({ ok: false, error: { code: 'wrong_window' } })
    expect(await invoke(firstWindow().webContents, 'mailLogList', {})).toMatchObject({
      ok: false,
      error: { code: 'wrong_window' }
    })
  })

  it('ends a window’s session when the window closes, and forgets the window', async () => {
    await start()
    const window = firstWindow()
    await invoke(window.webContents, 'createFirstAdmin', signUpInput('admin'))
    const sessions = () => host?.core.services.db.prepare('SELECT count(*) AS n FROM sessions').get()
    expect(sessions()).toEqual({ n: 1 })
    window.emit('closed')
    expect(sessions()).toEqual({ n: 0 })
    expect(await invoke(window.webContents, 'getSession', {})).toMatchObject({ ok: false, error: { code: 'wrong_window' } })
  })

  it('offers New Window and Mail log in the menu', async () => {
    await start()
    const items = (fake.state.menuTemplate as { submenu?: { id?: string; click?: () => void }[] }[]).flatMap(
      (menu) => menu.submenu ?? []
    )
    items.find((item) => item.id === 'open-mail-log')?.click?.()
    items.find((item) => item.id === 'new-window')?.click?.()
    expect(fake.state.windows.map((w) => w.loadedUrl)).toEqual([
      pageUrl('index.html'),
      pageUrl('mail-log.html'),
      pageUrl('index.html')
    ])
  })

  it('closes the database when the app quits', async () => {
    await start()
    for (const listener of fake.state.appListeners.get('will-quit') ?? []) listener()
    expect(host?.core.services.db.open).toBe(false)
  })
})
