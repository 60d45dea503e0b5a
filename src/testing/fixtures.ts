import type { Browser } from '@playwright/test'
import { rmSync } from 'node:fs'
import { Secret, TOTP } from 'otpauth'
import type { MailMessageView } from '../shared/admin-views'
import type { KitAccount, KitTwoFactor } from '../main/testing/kit-requests'
import type { KitFixtures, KitOptions, Mail } from './api'
import { ensureAppBuilt } from './app-build'
import { chromiumLaunchOptions, launchBrowserTarget } from './browser-target'
import { prepareDataFolder } from './data-folder'
import { electronLaunch, launchElectronTarget } from './electron-target'
import { chooseTarget } from './target-choice'
import type { KitHost } from './kit-host'
import { latestTo, toMail } from './outbox-mail'
import { playwrightTest } from './playwright'

interface KitWorker {
  /** The app is built (out/ present and newer than the sources) before a worker's first test. */
  kitBuilt: void
  /** Chromium for the browser target, launched on first use, once per worker. */
  kitBrowser: () => Promise<Browser>
}

interface KitInternals {
  kitHost: KitHost
  /** The app's clock offset in seconds, as the kit moved it (for two-factor codes). */
  kitClockOffset: { seconds: number }
}

export const test = playwrightTest.test.extend<KitOptions & KitFixtures & KitInternals, KitWorker>({
  seed: ['admin', { option: true }],
  settings: [null, { option: true }],
  env: [{}, { option: true }],
  target: [undefined, { option: true }],

  kitBuilt: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the object pattern
    async ({}, use) => {
      ensureAppBuilt()
      await use()
    },
    { scope: 'worker', auto: true }
  ],

  kitBrowser: [
    async ({ playwright, launchOptions }, use) => {
      const launched: { browser?: Promise<Browser> } = {}
      await use(() => (launched.browser ??= playwright.chromium.launch(chromiumLaunchOptions(launchOptions))))
      if (launched.browser) await (await launched.browser).close()
    },
    { scope: 'worker' }
  ],

  kitHost: async ({ kitBrowser, seed, settings, env, target }, use, testInfo) => {
    const chosen = chooseTarget(target, process.env, electronLaunch, (reason) => testInfo.skip(true, reason))
    const dataDir = await prepareDataFolder({ seed, settings, env })
    try {
      const host =
        'target' in chosen
          ? await launchBrowserTarget(await kitBrowser(), dataDir, env)
          : await launchElectronTarget(chosen, dataDir, env)
      try {
        await use(host)
        if (testInfo.status !== testInfo.expectedStatus && !host.app.page.isClosed()) {
          // What the app showed when the test failed, beside Playwright's own trace.
          await testInfo.attach('app window at failure', {
            body: await host.app.page.screenshot({ fullPage: true }),
            contentType: 'image/png'
          })
        }
      } finally {
        await host.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  },

  // eslint-disable-next-line no-empty-pattern -- Playwright requires the object pattern
  kitClockOffset: async ({}, use) => use({ seconds: 0 }),

  app: async ({ kitHost }, use) => use(kitHost.app),

  accounts: async ({ kitHost }, use) =>
    use({
      async create(account) {
        const made = (await kitHost.request({ op: 'createAccount', account })) as KitAccount
        return { id: made.id, username: made.username, email: account.email, password: account.password }
      },
      async lockOut(username) {
        await kitHost.request({ op: 'lockOut', username })
      }
    }),

  mail: async ({ kitHost }, use) => {
    const all = async (): Promise<Mail[]> => ((await kitHost.request({ op: 'mail' })) as MailMessageView[]).map(toMail)
    await use({ all, latest: (to) => latestTo(all, to) })
  },

  twoFactor: async ({ kitHost, kitClockOffset }, use) =>
    use({
      enable: async (username) => (await kitHost.request({ op: 'enableTwoFactor', username })) as KitTwoFactor,
      code: (secret) =>
        new TOTP({ secret: Secret.fromBase32(secret) }).generate({
          timestamp: Date.now() + kitClockOffset.seconds * 1000
        })
    }),

  clock: async ({ kitHost, kitClockOffset }, use) =>
    use({
      async advance(seconds) {
        kitClockOffset.seconds = (await kitHost.request({ op: 'advanceClock', seconds })) as number
      }
    })
})
