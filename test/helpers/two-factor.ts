import { Secret, TOTP } from 'otpauth'
import type { AppCore } from '../../src/main/app'
import type { CallerContext } from '../../src/main/ipc/caller'
import { call, dataOf } from './accounts'

/** What an authenticator app with `setupKey` shows at `timestamp`. */
export const codeAt = (setupKey: string, timestamp: number): string =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(setupKey) }).generate({ timestamp })

/** The signed-in user of `window` turns two-factor on with the app's current code; returns the setup key. */
export async function turnOnTwoFactor(
  core: AppCore,
  window: CallerContext
): Promise<{ setupKey: string; recoveryCodes: string[] }> {
  const setup = dataOf(await call(core, window, 'twoFactorBeginSetup', {}))
  const code = codeAt(setup.setupKey, core.services.clock.now())
  const { recoveryCodes } = dataOf(await call(core, window, 'twoFactorEnable', { code }))
  return { setupKey: setup.setupKey, recoveryCodes }
}
