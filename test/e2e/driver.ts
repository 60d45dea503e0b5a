import { test as base, _electron, expect, type Browser, type Page } from '@playwright/test'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createAppCore, type AppCore } from '../../src/main/app'
import { startPreviewServer, type PreviewServer } from '../../src/main/preview/server'
import { expectAccessible } from './accessibility'
import { findElectronBinary } from './electron-binary'

const root = resolve(__dirname, '../..')
const resourcesDir = join(root, 'resources')

export const ADMIN = { username: 'admin', email: 'admin@example.com', password: 'Harbour-lights-7-admin' }

/** What a scenario gets, whichever host runs it. */
export interface AppDriver {
  /** The app window. */
  page: Page
  /** Another app window with its own session (a second person at another window). */
  openAppWindow(): Promise<Page>
  /** The Mail log window. */
  openMailLog(): Promise<Page>
  /**
   * Checks `page` with axe (zero violations) and saves a PNG of it under
   * test/artifacts/screens/<project>/<name>.png: every screen the scenarios picture is also checked.
   */
  screenshot(name: string, page?: Page): Promise<void>
  dataDir: string
}

export interface DriverOptions {
  /** What the data folder holds when the app starts: the first admin (default), or nothing. */
  seed: 'admin' | 'empty'
  /**
   * settings.json to write into the data folder before the app starts (null: none); `{ build }`
   * makes it when the app starts (Playwright would take a bare function for a fixture).
   */
  settings: Record<string, unknown> | { build: () => Record<string, unknown> } | null
  /** Environment variables the app's main process sees (e.g. a directory's bind password). */
  hostEnv: Record<string, string>
}

async function seedAdmin(core: AppCore): Promise<void> {
  await core.services.accounts.createAccount(
    { ...ADMIN, passwordConfirmation: ADMIN.password },
    { isAdmin: true, auditKind: 'createsuperuser' }
  )
}

async function launchBrowserHost(browser: Browser, dataDir: string, env: Record<string, string>) {
  // As scripts/start-browser.ts, a stored message refreshes open Mail log pages (server-sent
  // events); it is not printed, so the test report stays readable.
  let notify: PreviewServer['notify'] = () => undefined
  const core = createAppCore({
    dataDir,
    resourcesDir,
    env,
    onMail: () => notify('mail-log', 'mailLogChanged'),
    printMail: () => undefined
  })
  const server = await startPreviewServer({ router: core.router, rendererDir: join(root, 'out/renderer'), port: 0 })
  notify = (kind, event) => server.notify(kind, event)
  const contexts = [await browser.newContext()]
  const page = await contexts[0].newPage()
  await page.goto(server.appUrl)
  return {
    page,
    async openAppWindow() {
      const context = await browser.newContext()
      contexts.push(context)
      const other = await context.newPage()
      await other.goto(server.appUrl)
      return other
    },
    async openMailLog() {
      const mail = await contexts[0].newPage()
      await mail.goto(server.mailLogUrl)
      return mail
    },
    async close() {
      for (const context of contexts) await context.close()
      await server.close()
      core.close()
    }
  }
}

async function launchElectronHost(dataDir: string, binary: string, hostEnv: Record<string, string>) {
  const app = await _electron.launch({
    executablePath: binary,
    args: [join(root, 'out/main/index.js'), '--data-dir', dataDir],
    env: { ...process.env, ...hostEnv, LOCAL_ACCOUNTS_DATA_DIR: dataDir }
  })
  const page = await app.firstWindow()
  const clickMenu = async (id: string): Promise<Page> => {
    const next = app.waitForEvent('window')
    await app.evaluate(({ Menu }, itemId) => Menu.getApplicationMenu()?.getMenuItemById(itemId)?.click(), id)
    return next
  }
  return {
    page,
    openAppWindow: () => clickMenu('new-window'),
    openMailLog: () => clickMenu('open-mail-log'),
    close: () => app.close()
  }
}

/**
 * Chromium for the browser project, launched once per worker; nothing for the electron project,
 * which must not need a browser download to report itself skipped.
 */
const withHostBrowser = base.extend<object, { hostBrowser: Browser | null }>({
  hostBrowser: [
    async ({ playwright, launchOptions }, use, workerInfo) => {
      if (workerInfo.project.name === 'electron') return use(null)
      const browser = await playwright.chromium.launch(launchOptions)
      await use(browser)
      await browser.close()
    },
    { scope: 'worker' }
  ]
})

export const test = withHostBrowser.extend<DriverOptions & { app: AppDriver }>({
  seed: ['admin', { option: true }],
  settings: [null, { option: true }],
  hostEnv: [{}, { option: true }],
  app: async ({ hostBrowser, seed, settings, hostEnv }, use, testInfo) => {
    const project = testInfo.project.name
    const electron = project === 'electron' ? findElectronBinary() : null
    if (electron && 'missing' in electron) {
      testInfo.skip(true, `Electron end-to-end skipped: ${electron.missing}`)
      return
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-e2e-'))
    if (settings) {
      const file = typeof settings.build === 'function' ? (settings.build as () => Record<string, unknown>)() : settings
      writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(file))
    }
    if (seed === 'admin') {
      const core = createAppCore({ dataDir, resourcesDir, env: {} })
      await seedAdmin(core)
      core.close()
    }
    const host =
      electron && 'path' in electron
        ? await launchElectronHost(dataDir, electron.path, hostEnv)
        : await launchBrowserHost(hostBrowser as Browser, dataDir, hostEnv)
    const shotsDir = join(root, 'test/artifacts/screens', project)
    mkdirSync(shotsDir, { recursive: true })
    await use({
      page: host.page,
      openAppWindow: host.openAppWindow,
      openMailLog: host.openMailLog,
      dataDir,
      async screenshot(name, page = host.page) {
        await expectAccessible(page, name)
        await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true })
      }
    })
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})

export { expect }
