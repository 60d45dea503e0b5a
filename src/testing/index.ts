/**
 * `local-accounts/testing`: Playwright fixtures for testing Local Accounts, in the desktop app
 * or the browser preview. The tester's guide is docs/testing.md. Its declarations are api.ts
 * and the three values below (scripts/build-testing.ts writes them for out/testing).
 */
import type { KitTest } from './api'
import { test as kitTest } from './fixtures'
import { playwrightTest } from './playwright'

export { ADMIN } from './data-folder'
export type * from './api'

/** The kit's own fixtures (kitHost, kitBrowser…) are not part of its public type. */
export const test: KitTest = kitTest
export const expect = playwrightTest.expect
