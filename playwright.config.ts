import { defineConfig } from '@playwright/test'
import type { KitOptions } from './src/testing'
import { findElectronBinary } from './test/e2e/electron-binary'

const electron = findElectronBinary()
// The config is loaded by the runner and again by each worker: say it once.
if ('missing' in electron && process.env.TEST_WORKER_INDEX === undefined) {
  console.log(`[e2e] project "electron" skipped: ${electron.missing}.`)
}

/**
 * One set of scenarios (test/e2e/*.spec.ts) on the testers' kit (src/testing), two targets: `browser` drives Debian's Chromium
 * against the browser preview; `electron` drives the desktop app where a binary exists.
 */
export default defineConfig<KitOptions>({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  // Two workers on two cores: a scenario waits on its app and browser more than it computes, so a
  // second one fills the gaps (E2E_WORKERS=1 for one at a time, e.g. to read a failure's log).
  workers: Number(process.env.E2E_WORKERS ?? 2),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'browser',
      use: {
        target: 'browser',
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run'
          ]
        }
      }
    },
    { name: 'electron', use: { target: 'electron' } }
  ]
})
