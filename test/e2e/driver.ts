import type { Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ADMIN, expect, test as kit, type App } from '../../src/testing'
import { expectAccessible, showScheme } from './accessibility'

/**
 * This project's own end-to-end suite runs on the testers' kit (src/testing, docs/testing.md),
 * so every run exercises it. This file keeps the names the specs were written against.
 */
const root = resolve(__dirname, '../..')

export { ADMIN, expect }

/** What a scenario gets, whichever host runs it: the kit's `app`, under the specs' names. */
export interface AppDriver extends App {
  /** Another app window with its own session (a second person at another window). */
  openAppWindow(): Promise<Page>
  /** The Mail log window. */
  openMailLog(): Promise<Page>
  /**
   * Checks `page` with axe (zero violations) and saves a PNG of it under
   * test/artifacts/screens/<project>/<name>.png: every screen the scenarios picture is also checked.
   * With `alsoDark`, the same screen in the dark scheme goes beside it as <name>-dark.png.
   */
  screenshot(name: string, page?: Page, options?: { alsoDark?: boolean }): Promise<void>
}

export interface DriverOptions {
  /** Environment variables the app's main process sees (e.g. a directory's bind password): the kit's `env`. */
  hostEnv: Record<string, string>
}

export const test = kit.extend<DriverOptions & { app: AppDriver }>({
  hostEnv: [{}, { option: true }],
  env: async ({ hostEnv }, use) => use(hostEnv),
  app: async ({ app }, use, testInfo) => {
    const shotsDir = join(root, 'test/artifacts/screens', testInfo.project.name)
    mkdirSync(shotsDir, { recursive: true })
    const driver: AppDriver = {
      ...app,
      openAppWindow: app.openWindow,
      openMailLog: app.mailLog,
      async screenshot(name, page = app.page, { alsoDark = false } = {}) {
        await expectAccessible(page, name)
        await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true })
        if (!alsoDark) return
        await showScheme(page, 'dark')
        await page.screenshot({ path: join(shotsDir, `${name}-dark.png`), fullPage: true })
        await showScheme(page, 'light')
      }
    }
    await use(driver)
  }
})
