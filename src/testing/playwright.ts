import { createRequire } from 'node:module'
import { join } from 'node:path'
import type * as PlaywrightTest from '@playwright/test'

/**
 * The tester's own `@playwright/test` (a peer dependency), found from the folder the tests run
 * in. Installed by path, this package is a link whose own node_modules may hold another copy,
 * and Playwright refuses to be loaded twice; so the runner's copy comes first.
 */
function load(): typeof PlaywrightTest {
  try {
    return createRequire(join(process.cwd(), 'package.json'))('@playwright/test') as typeof PlaywrightTest
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@playwright/test') as typeof PlaywrightTest
  }
}

export const playwrightTest = load()
