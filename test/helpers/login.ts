import { afterEach } from 'vitest'
import type { AppCore } from '../../src/main/app'
import type { SettingsInput } from '../../src/main/core/settings/load-settings'
import { call } from './accounts'
import { appWindow, makeTestCore, withUser, type TestCore, type TestCoreOptions } from './core'

/** A login through the router, as the Log in screen sends it, from `window`. */
export const logIn = (core: AppCore, identifier: string, password: string, window = 'login-window') =>
  call(core, appWindow(window), 'logIn', { identifier, password })

export interface AliceOptions extends TestCoreOptions {
  /** How alice's name is spelled at sign-up (default `alice`). */
  name?: string
  /** The window alice signed up (and is signed in) in (default `alice-window`). */
  window?: string
}

/**
 * The seeded core most tests start from: a real core in a fresh folder with the first
 * administrator `admin` (signed in in admin-window) and alice, password STRONG_PASSWORD,
 * email alice@example.com, signed in in `options.window`.
 */
export async function coreWithAlice(settings: SettingsInput = {}, options: AliceOptions = {}): Promise<TestCore> {
  const { name = 'alice', window = 'alice-window', ...coreOptions } = options
  const core = makeTestCore(settings, coreOptions)
  await withUser(core, name, window)
  return core
}

/** alice's account id in a core made by coreWithAlice. */
export const aliceId = (core: AppCore): number => core.services.users.byEmailKey('alice@example.com')!.id

/** Every core a test file makes, disposed (newest first) after each test. */
export function disposedAfterEach(): { track: <T extends TestCore>(core: T) => T } {
  const cores: TestCore[] = []
  afterEach(() => {
    for (const core of cores.splice(0).reverse()) core.dispose()
  })
  return {
    track: (core) => {
      cores.push(core)
      return core
    }
  }
}
