import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startElectronHost, type ElectronHost } from '../../src/main/desktop/electron-host'
import { DATABASE_FILE_NAME } from '../../src/main/db/database'
import { DataFolderInUseError, lockDataFolder } from '../../src/main/desktop/instance-lock'
import { mainLogFile } from '../../src/main/desktop/log'
import { loadWindowState, saveWindowState } from '../../src/main/desktop/window-state'
import { CHANNEL_NAMES, ipcChannel } from '../../src/shared/channels'
import type { Result } from '../../src/shared/result'
import { localDate } from '../../src/main/core/admin/expiry'
import { parseCsv } from '../../src/main/core/admin/csv'
import { seedAccounts } from '../../scripts/lib/seed-accounts'
import { CHEAP_HASHING, RESOURCES_DIR, signUpInput, STRONG_PASSWORD } from '../helpers/core'

/**
 * A stand-in for the parts of `electron` the host touches. It only records what the host asks
 * of it; the router, core and database behind the host are the real ones.
 */
const fake = vi.hoisted(() => {
  type SaveAnswer = { canceled: boolean; filePath: string }
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
    userDataDir: '',
    /** What requestSingleInstanceLock answers: false when another launch has the folder. */
    primaryInstance: true,
    quitCalls: 0,
    messageBoxes: [] as Record<string, unknown>[],
    /** Each save dialog shown: the window it was attached to, and its options. */
    saveDialogs: [] as { window: unknown; options: { defaultPath?: string; filters?: unknown } }[],
    /** What the next save dialog answers: the person cancels unless a test picks a file. */
    saveAnswer: { canceled: true, filePath: '' } as SaveAnswer | Promise<SaveAnswer>,
    openedPaths: [] as string[],
    displays: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    powerListeners: new Map<string, Listener[]>()
  }

  class FakeBrowserWindow {
    readonly webContents: FakeWebContents
    readonly listeners = new Map<string, Listener[]>()
    loadedUrl = ''
    minimized = false
    maximized = false
    focused = 0
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
    focus(): void {
      this.focused++
    }
    isMinimized(): boolean {
      return this.minimized
    }
    restore(): void {
      this.minimized = false
    }
    maximize(): void {
      this.maximized = true
    }
    isMaximized(): boolean {
      return this.maximized
    }
    /** Where the window is: as created, unless a test moved it. */
    bounds: { x: number; y: number; width: number; height: number } | null = null
    getNormalBounds() {
      const {
        x = 100,
        y = 100,
        width,
        height
      } = this.options as { x?: number; y?: number; width: number; height: number }
      return this.bounds ?? { x, y, width, height }
    }
    emit(name: string): void {
      for (const listener of this.listeners.get(name) ?? []) listener()
    }
  }

  const electron = {
    app: {
      whenReady: () => Promise.resolve(),
      getPath: () => state.userDataDir,
      setPath: (name: string, path: string) => {
        if (name === 'userData') state.userDataDir = path
      },
      requestSingleInstanceLock: () => state.primaryInstance,
      getVersion: () => '9.8.7',
      on: (name: string, listener: Listener) => {
        state.appListeners.set(name, [...(state.appListeners.get(name) ?? []), listener])
      },
      quit: () => {
        state.quitCalls++
      }
    },
    dialog: {
      showMessageBox: (options: Record<string, unknown>) => {
        state.messageBoxes.push(options)
        return Promise.resolve({ response: 0 })
      },
      showSaveDialog: (window: unknown, options: { defaultPath?: string }) => {
        state.saveDialogs.push({ window, options })
        return Promise.resolve(state.saveAnswer)
      }
    },
    shell: {
      openPath: (path: string) => {
        state.openedPaths.push(path)
        return Promise.resolve('')
      }
    },
    screen: {
      getAllDisplays: () => state.displays,
      getPrimaryDisplay: () => state.displays[0]
    },
    BrowserWindow: FakeBrowserWindow,
    powerMonitor: {
      on: (name: string, listener: Listener) => {
        state.powerListeners.set(name, [...(state.powerListeners.get(name) ?? []), listener])
      }
    },
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
    state.primaryInstance = true
    state.quitCalls = 0
    state.messageBoxes = []
    state.saveDialogs = []
    state.saveAnswer = { canceled: true, filePath: '' }
    state.openedPaths = []
    state.displays = [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]
    state.powerListeners = new Map()
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
  // As at quit: the database closes and the data-folder lock is released.
  if (host?.core.services.db.open) quit()
  host = null
  rmSync(root, { recursive: true, force: true })
})

const bundleDir = (): string => join(root, 'app', 'out', 'main')
const pageUrl = (file: string): string => pathToFileURL(join(root, 'app', 'out', 'renderer', file)).toString()

async function start(): Promise<ElectronHost> {
  host = await startElectronHost({ bundleDir: bundleDir(), argv: ['electron', '.', '--data-dir', dataDir], env: {} })
  if (!host) throw new Error('not the primary instance')
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
const emitApp = (name: string, ...args: unknown[]): void => {
  for (const listener of fake.state.appListeners.get(name) ?? []) listener(...args)
}
const quit = (): void => emitApp('will-quit')

describe('the Electron host', () => {
  it('registers exactly one ipcMain.handle per contract channel, and nothing else', async () => {
    await start()
    expect([...fake.state.handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map((name) => ipcChannel(name)).sort())
    expect(fake.state.ipcOn).toEqual([])
  })

  it('keeps its data in the --data-dir folder, not Electron’s default', async () => {
    const electronDefault = fake.state.userDataDir
    await start()
    expect(existsSync(join(dataDir, DATABASE_FILE_NAME))).toBe(true)
    expect(existsSync(electronDefault)).toBe(false)
    expect(fake.state.userDataDir.startsWith(dataDir)).toBe(true)
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
      const directives = Object.fromEntries(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([k, ...v]) => [k, v])
      )
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
      await invoke(new fake.FakeWebContents(99), 'createFirstAdmin', signUpInput('stranger'), {
        url: pageUrl('index.html')
      })
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
    expect(await invoke(window.webContents, 'getSession', {})).toMatchObject({
      ok: false,
      error: { code: 'wrong_window' }
    })
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

interface FakeMenuItem {
  id?: string
  label?: string
  click?: () => void
  submenu?: FakeMenuItem[]
}
const menuItems = (items = fake.state.menuTemplate as FakeMenuItem[]): FakeMenuItem[] =>
  items.flatMap((item) => [item, ...menuItems(item.submenu ?? [])])
const clickMenu = (id: string): void =>
  menuItems()
    .find((item) => item.id === id)
    ?.click?.()

describe('one instance per data folder', () => {
  it('keeps Chromium’s profile, and so Electron’s single-instance lock, inside the data folder', async () => {
    await start()
    expect(fake.state.userDataDir).toBe(join(dataDir, 'electron'))
  })

  it('takes a relative --data-dir from where the app was started, as Electron needs absolute paths', async () => {
    const cwd = process.cwd()
    process.chdir(root)
    try {
      host = await startElectronHost({ bundleDir: bundleDir(), argv: ['electron', '.', '--data-dir', 'data'], env: {} })
    } finally {
      process.chdir(cwd)
    }
    expect(host?.dataDir).toBe(dataDir)
    expect(fake.state.userDataDir).toBe(join(dataDir, 'electron'))
  })

  it('a second launch on the same folder quits at once, opening nothing', async () => {
    fake.state.primaryInstance = false
    const second = await startElectronHost({
      bundleDir: bundleDir(),
      argv: ['electron', '.', '--data-dir', dataDir],
      env: {}
    })
    expect(second).toBeNull()
    expect(fake.state.quitCalls).toBe(1)
    expect(fake.state.windows).toHaveLength(0)
    expect(existsSync(join(dataDir, DATABASE_FILE_NAME))).toBe(false)
  })

  it('the first instance brings its app window to the front when a second launch tries', async () => {
    await start()
    const window = firstWindow()
    window.minimized = true
    emitApp('second-instance', {}, ['electron', '.'], '/', { dataDir })
    expect(window.minimized).toBe(false)
    expect(window.focused).toBe(1)
    expect(fake.state.windows).toHaveLength(1)
  })

  it('with no app window left open (macOS), a second launch opens one', async () => {
    await start()
    firstWindow().emit('closed')
    emitApp('second-instance', {}, [], '/', {})
    expect(fake.state.windows).toHaveLength(2)
    expect(fake.state.windows[1].focused).toBe(1)
  })

  it('refuses a folder another session holds, before opening its database', async () => {
    const other = lockDataFolder(dataDir)
    try {
      await expect(start()).rejects.toBeInstanceOf(DataFolderInUseError)
      expect(fake.state.windows).toHaveLength(0)
      expect(existsSync(join(dataDir, DATABASE_FILE_NAME))).toBe(false)
    } finally {
      other.release()
    }
  })

  it('lets the folder go when the app quits', async () => {
    await start()
    expect(() => lockDataFolder(dataDir)).toThrow(DataFolderInUseError)
    quit()
    lockDataFolder(dataDir).release()
  })
})

describe('menus, About and logs', () => {
  it('Help → About shows the version, the data folder and the licences', async () => {
    await start()
    clickMenu('about')
    expect(fake.state.messageBoxes).toHaveLength(1)
    const box = fake.state.messageBoxes[0] as { title: string; message: string; detail: string }
    expect(box.message).toBe('Local Accounts 9.8.7')
    expect(box.detail).toContain(`Data folder: ${dataDir}`)
    expect(box.detail).toContain('MIT')
  })

  it('Help → Open Logs Folder opens the data folder’s logs, where start-up was logged', async () => {
    await start()
    clickMenu('open-logs-folder')
    expect(fake.state.openedPaths).toEqual([join(dataDir, 'logs')])
    expect(readFileSync(mainLogFile(dataDir), 'utf8')).toMatch(/INFO started: data folder /)
  })

  it('leaves the Mail log out of the menu when mail goes out over SMTP', async () => {
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ passwordHashing: CHEAP_HASHING, mail: { transport: 'smtp', smtpUrl: 'smtp://127.0.0.1:2525' } })
    )
    await start()
    expect(menuItems().map((item) => item.id)).not.toContain('open-mail-log')
    expect(menuItems().map((item) => item.label)).toEqual(
      expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help'])
    )
  })

  it('logs a start-up failure in the data folder before giving up', async () => {
    writeFileSync(join(dataDir, 'settings.json'), '{ not json')
    await expect(start()).rejects.toThrow(/not valid JSON/)
    expect(readFileSync(mainLogFile(dataDir), 'utf8')).toMatch(/ERROR could not start: .*not valid JSON/)
    // …and does not keep the folder locked.
    lockDataFolder(dataDir).release()
  })
})

describe('window size and position', () => {
  it('are remembered per data folder when the app window closes', async () => {
    await start()
    const window = firstWindow()
    window.bounds = { x: 300, y: 200, width: 1000, height: 700 }
    window.emit('close')
    expect(loadWindowState(dataDir)).toEqual({ bounds: { x: 300, y: 200, width: 1000, height: 700 }, maximized: false })
  })

  it('are restored on the next start, maximised too', async () => {
    saveWindowState(dataDir, { bounds: { x: 300, y: 200, width: 1000, height: 700 }, maximized: true })
    await start()
    expect(firstWindow().options).toMatchObject({ x: 300, y: 200, width: 1000, height: 700 })
    expect(firstWindow().maximized).toBe(true)
  })

  it('apply to the first app window; a second one is not stacked exactly on top of it', async () => {
    saveWindowState(dataDir, { bounds: { x: 300, y: 200, width: 1000, height: 700 }, maximized: false })
    const { openWindow } = await start()
    openWindow('app')
    expect(fake.state.windows[1].options).not.toHaveProperty('x')
    expect(fake.state.windows[1].options).toMatchObject({ width: 960, height: 720 })
  })

  it('bring a window saved on a monitor that has gone back onto the remaining display', async () => {
    saveWindowState(dataDir, { bounds: { x: 2200, y: 100, width: 1000, height: 700 }, maximized: false })
    fake.state.displays = [{ id: 1, workArea: { x: 0, y: 25, width: 1440, height: 875 } }]
    await start()
    expect(firstWindow().options).toMatchObject({ x: 220, y: 113, width: 1000, height: 700 })
  })
})

describe('one workstation, many people (desktop)', () => {
  const menuItem = (id: string) =>
    (fake.state.menuTemplate as { submenu?: { id?: string; click?: (...args: unknown[]) => void }[] }[])
      .flatMap((menu) => menu.submenu ?? [])
      .find((item) => item.id === id)
  const powerEvent = (name: string): void => {
    for (const listener of fake.state.powerListeners.get(name) ?? []) listener()
  }

  it.each(['lock-screen', 'suspend'])('locks every open session when the computer fires %s', async (event) => {
    const { openWindow } = await start()
    openWindow('app')
    const [first, second] = fake.state.windows.map((w) => w.webContents)
    await invoke(first, 'createFirstAdmin', signUpInput('admin'))
    await invoke(second, 'signUp', signUpInput('alice'))
    powerEvent(event)
    for (const contents of [first, second]) {
      expect(await invoke(contents, 'reportActivity', {})).toMatchObject({
        ok: false,
        error: { code: 'session_locked' }
      })
      expect(contents.sent).toContain('local-accounts-event:sessionChanged')
    }
    const session = (await invoke(second, 'getSession', {})) as Result<{ locked: { username: string } }>
    expect(session).toMatchObject({ ok: true, data: { user: null, locked: { username: 'alice' } } })
  })

  it('leaves sessions open on a system lock when sessions.lockOnSystemLock is off', async () => {
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ passwordHashing: CHEAP_HASHING, sessions: { lockOnSystemLock: false } })
    )
    await start()
    const contents = firstWindow().webContents
    await invoke(contents, 'createFirstAdmin', signUpInput('admin'))
    powerEvent('lock-screen')
    powerEvent('suspend')
    expect(await invoke(contents, 'reportActivity', {})).toEqual({ ok: true, data: { active: true } })
  })

  it('File → Lock locks the focused window only, and File → Log out ends its session', async () => {
    const { openWindow } = await start()
    openWindow('app')
    const [firstWin, secondWin] = fake.state.windows
    await invoke(firstWin.webContents, 'createFirstAdmin', signUpInput('admin'))
    await invoke(secondWin.webContents, 'signUp', signUpInput('alice'))
    expect(menuItem('lock')).toMatchObject({ label: 'Lock', accelerator: 'CmdOrCtrl+L' })
    menuItem('lock')?.click?.({}, firstWin)
    await vi.waitFor(() => expect(firstWin.webContents.sent).toContain('local-accounts-event:sessionChanged'))
    expect(await invoke(firstWin.webContents, 'reportActivity', {})).toMatchObject({
      ok: false,
      error: { code: 'session_locked' }
    })
    expect(await invoke(secondWin.webContents, 'reportActivity', {})).toMatchObject({ ok: true })
    menuItem('log-out')?.click?.({}, secondWin)
    await vi.waitFor(async () =>
      expect(await invoke(secondWin.webContents, 'getSession', {})).toMatchObject({ ok: true, data: { user: null } })
    )
  })
})

describe('Export CSV in the desktop app', () => {
  const QUERY = { search: '', sort: 'username', direction: 'asc' } as const
  type Contents = FakeWindow['webContents']

  /** admin signed in in the first window, -evil (a name a spreadsheet would run) in a second. */
  async function adminAndUser(): Promise<{ admin: Contents; user: Contents; folder: string }> {
    const { openWindow } = await start()
    openWindow('app')
    const [admin, user] = fake.state.windows.map((window) => window.webContents)
    await invoke(admin, 'createFirstAdmin', signUpInput('admin'))
    await invoke(user, 'signUp', signUpInput('-evil'))
    const folder = join(root, 'chosen')
    mkdirSync(folder)
    return { admin, user, folder }
  }

  const exports = (kind: string): number =>
    host!.core.services.audit.list({ user: '', kind, offset: 0, limit: 10 }).total
  const defaultName = (index = 0): string => basename(fake.state.saveDialogs[index].options.defaultPath ?? '')

  it('asks where to save over the asking window, named for today, and main writes every row, neutralised', async () => {
    const { admin, folder } = await adminAndUser()
    const path = join(folder, 'people.csv')
    fake.state.saveAnswer = { canceled: false, filePath: path }
    expect(await invoke(admin, 'adminExportAccountsToFile', QUERY)).toEqual({
      ok: true,
      data: { outcome: 'saved', path }
    })
    expect(fake.state.saveDialogs).toHaveLength(1)
    expect(fake.state.saveDialogs[0].window).toBe(firstWindow())
    expect(defaultName()).toBe(`accounts-${localDate(Date.now())}.csv`)
    const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'))
    expect(header.slice(0, 2)).toEqual(['username', 'email'])
    expect(rows.map((row) => row.slice(0, 2)).sort()).toEqual([
      ["'-evil", "'-evil@example.com"],
      ['admin', 'admin@example.com']
    ])
    // Private like the app's other files, and no half-written file left beside it.
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readdirSync(folder)).toEqual(['people.csv'])
    expect(exports('accounts_export')).toBe(1)

    fake.state.saveAnswer = { canceled: false, filePath: join(folder, 'trail.csv') }
    expect(await invoke(admin, 'adminExportAuditToFile', { user: '', kind: 'sign_up' })).toMatchObject({
      ok: true,
      data: { outcome: 'saved' }
    })
    expect(defaultName(1)).toBe(`audit-trail-${localDate(Date.now())}.csv`)
    const trail = parseCsv(readFileSync(join(folder, 'trail.csv'), 'utf8'))
    expect(trail[0]).toEqual(['time', 'kind', 'outcome', 'actor', 'subject', 'detail'])
    expect(trail.slice(1).map((row) => row[4])).toEqual(["'-evil"])
  })

  it('a cancelled dialog writes nothing and records no export', async () => {
    const { admin, folder } = await adminAndUser()
    expect(await invoke(admin, 'adminExportAccountsToFile', QUERY)).toEqual({
      ok: true,
      data: { outcome: 'cancelled' }
    })
    expect(await invoke(admin, 'adminExportAuditToFile', { user: '', kind: '' })).toEqual({
      ok: true,
      data: { outcome: 'cancelled' }
    })
    expect(fake.state.saveDialogs).toHaveLength(2)
    expect(readdirSync(folder)).toEqual([])
    expect(exports('accounts_export') + exports('audit_export')).toBe(0)
  })

  it('is refused to a user’s window and a guest’s, called directly: no dialog, no file', async () => {
    const { user, folder } = await adminAndUser()
    const guest = (host!.openWindow('app') as unknown as FakeWindow).webContents
    fake.state.saveAnswer = { canceled: false, filePath: join(folder, 'stolen.csv') }
    for (const [contents, code] of [
      [user, 'forbidden'],
      [guest, 'not_signed_in']
    ] as const) {
      for (const [channel, input] of [
        ['adminExportAccountsToFile', QUERY],
        ['adminExportAuditToFile', { user: '', kind: '' }]
      ] as const) {
        expect(await invoke(contents, channel, input)).toMatchObject({ ok: false, error: { code } })
      }
    }
    expect(fake.state.saveDialogs).toEqual([])
    expect(readdirSync(folder)).toEqual([])
  })

  it('an administrator demoted while the dialog was open gets forbidden, and nothing is written', async () => {
    const { admin, user, folder } = await adminAndUser()
    const users = host!.core.services.users
    await invoke(admin, 'reauthenticate', { password: STRONG_PASSWORD })
    await invoke(admin, 'adminUpdateAccount', { id: users.byUsernameKey('-evil')!.id, isAdmin: true })
    let answer: (value: { canceled: boolean; filePath: string }) => void = () => {}
    fake.state.saveAnswer = new Promise((resolve) => (answer = resolve))
    const exporting = invoke(admin, 'adminExportAccountsToFile', QUERY)
    await vi.waitFor(() => expect(fake.state.saveDialogs).toHaveLength(1))
    await invoke(user, 'reauthenticate', { password: STRONG_PASSWORD })
    const demoted = await invoke(user, 'adminUpdateAccount', { id: users.byUsernameKey('admin')!.id, isAdmin: false })
    expect(demoted).toMatchObject({ ok: true })
    answer({ canceled: false, filePath: join(folder, 'late.csv') })
    expect(await exporting).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(readdirSync(folder)).toEqual([])
  })

  it('a place that cannot be written answers file_not_saved and leaves nothing behind', async () => {
    const { admin, folder } = await adminAndUser()
    fake.state.saveAnswer = { canceled: false, filePath: join(folder, 'gone', 'people.csv') }
    const refused = await invoke(admin, 'adminExportAccountsToFile', QUERY)
    expect(refused).toMatchObject({ ok: false, error: { code: 'file_not_saved' } })
    expect((refused as { error: { message: string } }).error.message).toMatch(/^The file was not saved\. ENOENT/)
    expect(readdirSync(folder)).toEqual([])
    expect(exports('accounts_export')).toBe(0)
  })

  it('writes page by page: another window is answered before a long export is done', async () => {
    const { admin, user, folder } = await adminAndUser()
    seedAccounts(host!.core.services.db, { users: 1_200, passwordHash: null, now: Date.now() })
    const path = join(folder, 'many.csv')
    fake.state.saveAnswer = { canceled: false, filePath: path }
    const finished: string[] = []
    const exporting = invoke(admin, 'adminExportAccountsToFile', QUERY).then(() => finished.push('export'))
    // Asked on the event loop's next turn, when the dialog has answered and the writing has begun.
    const other = new Promise((resolve) => setImmediate(resolve))
      .then(() => invoke(user, 'getSession', {}))
      .then(() => finished.push('other window'))
    await Promise.all([exporting, other])
    expect(finished).toEqual(['other window', 'export'])
    expect(parseCsv(readFileSync(path, 'utf8'))).toHaveLength(1 + 1_202)
  })
})
