import { afterEach, describe, expect, it } from 'vitest'
import { Secret, TOTP } from 'otpauth'
import { CHANNEL_NAMES } from '../../src/shared/channels'
import { contract } from '../../src/shared/contract'
import { call, dataOf, errorOf, fieldCodes } from '../helpers/accounts'
import { appWindow, confirmItsYou, makeTestCore, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

const WRONG = 'not-the-Password-11'

/** A core with an administrator and alice whose Confirm it's you (given at sign-up by the helpers) has run out. */
async function freshCore(settings: Parameters<typeof makeTestCore>[0] = {}) {
  core = makeTestCore(settings)
  const alice = await withUser(core, 'alice')
  const bob = await withUser(core, 'bob')
  core.clock.advanceSeconds(5 * 60)
  return { alice, bob, admin: appWindow('admin-window'), aliceWindow: appWindow('alice-window') }
}

const reauthenticate = (window: string, password: string) =>
  call(core, appWindow(window), 'reauthenticate', { password })

describe("Confirm it's you", () => {
  it('is required in main for setting up two-factor, whatever the window calls', async () => {
    const { aliceWindow } = await freshCore()
    expect(errorOf(await call(core, aliceWindow, 'twoFactorBeginSetup', {}))).toEqual({
      code: 'reauthentication_required',
      message: expect.any(String)
    })
    expect(fieldCodes(await reauthenticate('alice-window', WRONG))).toEqual({ password: ['password_incorrect'] })
    expect(errorOf(await call(core, aliceWindow, 'twoFactorBeginSetup', {})).code).toBe('reauthentication_required')
    dataOf(await reauthenticate('alice-window', STRONG_PASSWORD))
    expect(dataOf(await call(core, aliceWindow, 'twoFactorBeginSetup', {})).setupKey).toMatch(/^[A-Z2-7]+$/)
  })

  it('is remembered for 5 minutes, in that session only', async () => {
    const { admin, bob } = await freshCore()
    await confirmItsYou(core, admin)
    core.clock.advanceSeconds(4 * 60)
    const changes = { 'lockout.maxFailures': 6 }
    dataOf(await call(core, admin, 'adminSaveSettings', { changes }))
    // Another window of the same administrator has not confirmed.
    dataOf(await call(core, appWindow('admin-2'), 'logIn', { identifier: 'admin', password: STRONG_PASSWORD }))
    expect(errorOf(await call(core, appWindow('admin-2'), 'adminSaveSettings', { changes })).code).toBe(
      'reauthentication_required'
    )
    core.clock.advanceSeconds(61)
    expect(errorOf(await call(core, admin, 'adminSaveSettings', { changes })).code).toBe('reauthentication_required')
    expect(errorOf(await call(core, admin, 'adminDeleteAccount', { id: bob.id, confirmUsername: 'bob' })).code).toBe(
      'reauthentication_required'
    )
    expect(core.services.users.byId(bob.id)).not.toBeNull()
  })

  it("guards every administrator's sensitive change, and an email edit or a deactivation not", async () => {
    const { admin, bob } = await freshCore()
    const flagged = CHANNEL_NAMES.filter((name) => 'requiresReauthentication' in contract[name])
    expect(flagged.sort()).toEqual(
      [
        'adminDeleteAccount',
        'adminDisableTwoFactor',
        'adminSaveSettings',
        'adminSetTemporaryPassword',
        'adminUpdateAccount',
        'twoFactorBeginSetup'
      ].sort()
    )
    const refused = [
      await call(core, admin, 'adminUpdateAccount', { id: bob.id, isAdmin: true }),
      await call(core, admin, 'adminSetTemporaryPassword', {
        id: bob.id,
        password: 'temp-Harbour-63-x',
        passwordConfirmation: 'temp-Harbour-63-x'
      }),
      await call(core, admin, 'adminDisableTwoFactor', { id: bob.id })
    ]
    for (const result of refused) expect(errorOf(result).code).toBe('reauthentication_required')
    expect(core.services.users.byId(bob.id)).toMatchObject({ isAdmin: false, mustChangePassword: false })
    dataOf(await call(core, admin, 'adminUpdateAccount', { id: bob.id, email: 'bob2@example.com', isActive: false }))
  })

  it('counts wrong passwords toward the lockout; guessing into the lock signs the window out', async () => {
    await freshCore({ lockout: { maxFailures: 3 } })
    for (let i = 0; i < 2; i++)
      expect(errorOf(await reauthenticate('alice-window', WRONG)).code).toBe('validation_failed')
    expect(errorOf(await reauthenticate('alice-window', WRONG)).code).toBe('locked_out')
    expect(dataOf(await call(core, appWindow('alice-window'), 'getSession', {})).user).toBeNull()
    expect(
      errorOf(await call(core, appWindow('w'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })).code
    ).toBe('locked_out')
  })

  it("never lets an administrator's channels do to their own account what their own channels refuse without the password", async () => {
    const admin = appWindow('admin-window')
    core = makeTestCore()
    await withUser(core, 'alice')
    const adminId = core.services.users.byUsernameKey('admin')!.id
    const before = core.services.users.byId(adminId)
    const own = [
      await call(core, admin, 'adminSetTemporaryPassword', {
        id: adminId,
        password: 'temp-Harbour-63-x',
        passwordConfirmation: 'temp-Harbour-63-x'
      }),
      await call(core, admin, 'adminDisableTwoFactor', { id: adminId })
    ]
    for (const result of own) expect(errorOf(result).code).toBe('own_account_elsewhere')
    expect(core.services.users.byId(adminId)).toEqual(before)
  })
})

describe('two-factor set-up between windows', () => {
  it('cannot be replaced from another window while under way, and turning it on ends the other sessions', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    dataOf(await call(core, appWindow('alice-2'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD }))
    await confirmItsYou(core, 'alice-2')
    const { setupKey } = dataOf(await call(core, appWindow('alice-window'), 'twoFactorBeginSetup', {}))
    expect(errorOf(await call(core, appWindow('alice-2'), 'twoFactorBeginSetup', {})).code).toBe(
      'two_factor_setup_elsewhere'
    )
    const code = new TOTP({ secret: Secret.fromBase32(setupKey) }).generate({ timestamp: core.clock.now() })
    expect(errorOf(await call(core, appWindow('alice-2'), 'twoFactorEnable', { code })).code).toBe(
      'two_factor_setup_elsewhere'
    )
    dataOf(await call(core, appWindow('alice-window'), 'twoFactorEnable', { code }))
    expect(dataOf(await call(core, appWindow('alice-2'), 'getSession', {}))).toMatchObject({
      user: null,
      endedBecause: 'two_factor_enabled'
    })
    expect(dataOf(await call(core, appWindow('alice-window'), 'getSession', {})).user?.username).toBe('alice')
  })

  it('may be started again from another window once the first session has ended', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    dataOf(await call(core, appWindow('alice-window'), 'twoFactorBeginSetup', {}))
    dataOf(await call(core, appWindow('alice-window'), 'logOut', {}))
    dataOf(await call(core, appWindow('alice-2'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD }))
    await confirmItsYou(core, 'alice-2')
    dataOf(await call(core, appWindow('alice-2'), 'twoFactorBeginSetup', {}))
  })
})
