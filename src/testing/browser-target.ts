import type { Browser, BrowserContext, LaunchOptions } from '@playwright/test'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startPreviewHost } from '../main/preview/preview-host'
import { OffsetClock } from '../main/testing/kit-clock'
import { runKitRequest } from '../main/testing/kit-requests'
import type { KitHost } from './kit-host'
import { resourcesDir } from './data-folder'
import { packageRoot } from './package-root'

/** Debian's Chromium wants these to run headless in a container (see docs/testing.md). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

/**
 * How to launch Chromium for the browser target: CHROMIUM_PATH, else Debian's /usr/bin/chromium
 * where it exists, else Playwright's own download; the tester's launchOptions win.
 */
export function chromiumLaunchOptions(given: LaunchOptions, env: NodeJS.ProcessEnv = process.env): LaunchOptions {
  const system = env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
  return {
    ...given,
    executablePath: given.executablePath ?? system,
    args: [...CHROMIUM_ARGS, ...(given.args ?? [])]
  }
}

/**
 * The browser target: the preview host in this process (the same start-up as
 * `npm run start:browser`) with the kit's clock, and a browser context per app window.
 */
export async function launchBrowserTarget(
  browser: Browser,
  dataDir: string,
  env: Record<string, string>
): Promise<KitHost> {
  const clock = new OffsetClock()
  const host = await startPreviewHost({
    dataDir,
    resourcesDir,
    rendererDir: join(packageRoot, 'out', 'renderer'),
    port: 0,
    env,
    clock,
    // Read with `mail`, not printed: the test report stays readable.
    printMail: () => undefined
  })
  const contexts: BrowserContext[] = []
  const openWindow = async () => {
    const context = await browser.newContext()
    contexts.push(context)
    const page = await context.newPage()
    await page.goto(host.server.appUrl)
    return page
  }
  const page = await openWindow()
  return {
    app: {
      page,
      openWindow,
      async mailLog() {
        const mail = await contexts[0].newPage()
        await mail.goto(host.server.mailLogUrl)
        return mail
      },
      dataDir,
      target: 'browser'
    },
    request: (request) => runKitRequest(host.core.services, clock, request),
    async close() {
      for (const context of contexts) await context.close()
      await host.close()
    }
  }
}
