import { defineConfig } from '@playwright/test'
import type { KitOptions } from 'local-accounts/testing'

/**
 * A tester's project: nothing here knows how Local Accounts starts. The kit picks the target
 * (Electron where a binary exists, else the browser; LOCAL_ACCOUNTS_TARGET forces one) and gives
 * every test a fresh data folder.
 */
export default defineConfig<KitOptions>({
  testDir: 'tests',
  // Each test starts its own app on its own folder, so tests may run in parallel; one worker
  // here because the example also runs on small CI machines.
  workers: 1,
  // Generous: every test starts an app, and shared CI machines can be slow.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure' }
})
