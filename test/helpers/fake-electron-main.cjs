// Preloaded (`node -r`) before the BUILT main bundle (out/main/index.js), so that bundle runs
// under plain Node: `require('electron')` gets this stand-in, which records what the bundle
// registers and, once the first window is opened, prints it as JSON and exits.
const Module = require('node:module')

const report = { handlers: [], ipcOn: [], windows: [], menuLabels: [], userData: null }
const done = () =>
  setImmediate(() => {
    // What the testers' kit would find (src/main/testing/kit-hook.ts): its hook, and its secret left behind.
    report.kitHook = typeof globalThis[Symbol.for('local-accounts.testing-kit')]
    report.kitSecretInEnv = 'LOCAL_ACCOUNTS_KIT_SECRET' in process.env
    process.stdout.write(`${JSON.stringify(report)}\n`)
    process.exit(0)
  })

class BrowserWindow {
  constructor(options) {
    this.options = options
    this.webContents = { id: report.windows.length + 1, setWindowOpenHandler() {}, on() {}, send() {} }
    report.windows.push({ preload: options.webPreferences.preload, sandbox: options.webPreferences.sandbox, url: null })
    done()
  }
  loadURL(url) {
    report.windows[report.windows.length - 1].url = url
    return Promise.resolve()
  }
  on() {}
  once(event, listener) {
    // The page is drawn at once: the host shows the window and says it is ready.
    if (event === 'ready-to-show') listener()
  }
  show() {}
  maximize() {}
}

const electron = {
  app: {
    // FAKE_ELECTRON_PACKAGED=1 stands for a packaged build (app.isPackaged).
    isPackaged: process.env.FAKE_ELECTRON_PACKAGED === '1',
    setPath: (name, path) => {
      if (name === 'userData') report.userData = path
    },
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getVersion: () => '0.0.0',
    on() {},
    quit() {},
    exit: (code) => process.exit(code)
  },
  BrowserWindow,
  ipcMain: {
    handle: (channel) => report.handlers.push(channel),
    on: (channel) => report.ipcOn.push(channel)
  },
  Menu: {
    buildFromTemplate: (template) => template,
    setApplicationMenu: (template) => {
      report.menuLabels = template.map((item) => item.label)
    }
  },
  session: { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } },
  powerMonitor: { on() {} },
  screen: { getAllDisplays: () => [], getPrimaryDisplay: () => ({ id: 0 }) },
  shell: { openPath: () => Promise.resolve('') },
  dialog: {
    showErrorBox: (title, message) => {
      process.stderr.write(`${title}: ${message}\n`)
    },
    showMessageBox: () => Promise.resolve({ response: 0 })
  }
}

const load = Module._load
Module._load = function (request, ...rest) {
  return request === 'electron' ? electron : load.call(this, request, ...rest)
}
