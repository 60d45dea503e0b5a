import { Secret } from 'otpauth'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallerContext } from '../../src/main/ipc/caller'
import type { Result } from '../../src/shared/result'
import { call, dataOf, errorOf, fieldCodes, rawDatabaseBytes } from '../helpers/accounts'
import {
  appWindow,
  makeTestCore,
  openTestCore,
  signUpInput,
  STRONG_PASSWORD,
  withFirstAdmin,
  withUser,
  type TestCore
} from '../helpers/core'
import { auditOf, confirmReset, latestCode, logIn, NEW_PASSWORD, requestReset } from '../helpers/reset'
import { codeAt, turnOnTwoFactor } from '../helpers/two-factor'

let core: TestCore
const others: TestCore[] = []
afterEach(() => {
  for (const other of others.splice(0)) other.close()
  core?.dispose()
})

const ALICE = appWindow('alice-window')

interface Enrolled {
  id: number
  setupKey: string
  recoveryCodes: string[]
  /** The code for now + `stepOffset` steps. */
  code: (stepOffset?: number) => string
}

/** alice (signed in in alice-window) turns 2FA on with the app's current code. */
async function enrolAlice(overrides: Parameters<typeof makeTestCore>[0] = {}): Promise<Enrolled> {
  core = makeTestCore(overrides)
  const alice = await withUser(core, 'alice')
  const { setupKey, recoveryCodes } = await turnOnTwoFactor(core, ALICE)
  // Past the step used to enrol, so the first login code is a fresh one.
  core.clock.advanceSeconds(30)
  return {
    id: alice.id,
    setupKey,
    recoveryCodes,
    code: (offset = 0) => codeAt(setupKey, core.clock.now() + offset * 30_000)
  }
}

const sessionsOf = (userId: number): number =>
  core.services.db.prepare('SELECT count(*) FROM sessions WHERE user_id = ?').pluck().get(userId) as number

const verify = (window: CallerContext, code: string) => call(core, window, 'twoFactorVerifyLogIn', { code })

/** Password step in `window`; returns the window, now waiting for the second factor. */
async function passwordStep(window: string, password = STRONG_PASSWORD): Promise<CallerContext> {
  const view = dataOf(await logIn(core, 'alice', password, window))
  expect(view).toMatchObject({ user: null, secondFactorPending: true })
  return appWindow(window)
}

describe('enrolment', () => {
  it('gives an otpauth URI, a QR image and the setup key, and turns on only with a right code', async () => {
    core = makeTestCore()
    const alice = await withUser(core, 'alice')
    const setup = dataOf(await call(core, ALICE, 'twoFactorBeginSetup', {}))
    const uri = new URL(setup.uri)
    expect(uri.protocol).toBe('otpauth:')
    expect(uri.host).toBe('totp')
    expect(decodeURIComponent(uri.pathname)).toBe('/Local Accounts:alice')
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: 'Local Accounts',
      secret: setup.setupKey,
      algorithm: 'SHA1',
      digits: '6',
      period: '30'
    })
    expect(Secret.fromBase32(setup.setupKey).bytes.length).toBe(20)
    expect(setup.qrCode).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]{200,}$/)

    const wrong = await call(core, ALICE, 'twoFactorEnable', {
      code: codeAt(setup.setupKey, core.clock.now() - 120_000)
    })
    expect(fieldCodes(wrong)).toEqual({ code: ['wrong_two_factor_code'] })
    expect(dataOf(await call(core, ALICE, 'twoFactorStatus', {}))).toEqual({ enabled: false, recoveryCodesLeft: 0 })

    const { recoveryCodes } = dataOf(
      await call(core, ALICE, 'twoFactorEnable', { code: codeAt(setup.setupKey, core.clock.now()) })
    )
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    expect(dataOf(await call(core, ALICE, 'twoFactorStatus', {}))).toEqual({ enabled: true, recoveryCodesLeft: 10 })
    expect(errorOf(await call(core, ALICE, 'twoFactorBeginSetup', {})).code).toBe('two_factor_already_on')
    expect(auditOf(core, 'two_factor_enabled')).toHaveLength(1)

    // Neither the secret nor a recovery code is in the database file in a readable form.
    core.services.db.pragma('wal_checkpoint(TRUNCATE)')
    const raw = rawDatabaseBytes(core.dataDir)
    const secretBytes = Buffer.from(Secret.fromBase32(setup.setupKey).bytes)
    expect(raw.includes(secretBytes)).toBe(false)
    expect(raw.includes(Buffer.from(setup.setupKey))).toBe(false)
    for (const code of recoveryCodes) expect(raw.includes(Buffer.from(code.replace(/-/g, '')))).toBe(false)
    expect(alice.id).toBeGreaterThan(0)
  })
})

describe('login with two-factor authentication on', () => {
  it('creates no session until a right code is given in the same window', async () => {
    const alice = await enrolAlice()
    const before = sessionsOf(alice.id)
    const window = await passwordStep('login-window')
    expect(sessionsOf(alice.id)).toBe(before)
    expect(core.router.windows.token('login-window')).toBeNull()
    // A half-signed-in window can do nothing a signed-in one can.
    expect(errorOf(await call(core, window, 'twoFactorStatus', {})).code).toBe('not_signed_in')
    expect(
      errorOf(
        await call(core, window, 'changePassword', {
          oldPassword: STRONG_PASSWORD,
          newPassword: NEW_PASSWORD,
          newPasswordConfirmation: NEW_PASSWORD
        })
      ).code
    ).toBe('not_signed_in')
    // Another window cannot finish this login.
    expect(errorOf(await verify(appWindow('other-window'), alice.code())).code).toBe('two_factor_login_expired')

    const view = dataOf(await verify(window, alice.code()))
    expect(view).toMatchObject({ user: { username: 'alice' }, secondFactorPending: false })
    expect(sessionsOf(alice.id)).toBe(before + 1)
    expect(dataOf(await call(core, window, 'twoFactorStatus', {})).enabled).toBe(true)
    expect(auditOf(core, 'login')[0]).toMatchObject({ outcome: 'success', detail: 'with an authentication code' })
  })

  it('refuses a code used before, also in a burst from many windows and from a second core on the same folder', async () => {
    // High enough that the refused replays below do not lock the name.
    const settings = { lockout: { maxFailures: 50, durationInSeconds: 600 } }
    const alice = await enrolAlice(settings)
    const code = alice.code()
    dataOf(await verify(await passwordStep('w1'), code))
    expect(fieldCodes(await verify(await passwordStep('w2'), code))).toEqual({ code: ['wrong_two_factor_code'] })

    core.clock.advanceSeconds(30)
    const fresh = alice.code()
    const second = openTestCore(core.dataDir, settings, { clock: core.clock })
    others.push(second)
    const windows = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6']
    for (const w of windows) await passwordStep(w)
    const secondWindows = ['c1', 'c2', 'c3']
    for (const w of secondWindows)
      dataOf(await second.router.handle(appWindow(w), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD }))
    const results = await Promise.all<Result<unknown>>([
      ...windows.map((w) => verify(appWindow(w), fresh)),
      ...secondWindows.map((w) => second.router.handle(appWindow(w), 'twoFactorVerifyLogIn', { code: fresh }))
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok).map((r) => errorOf(r).code)).toEqual(
      Array(windows.length + secondWindows.length - 1).fill('validation_failed')
    )
  })

  it('accepts a code from one step before or after now, not two, and never one older than the last used', async () => {
    const alice = await enrolAlice()
    // Two steps past the one used to enrol, so one step back is still unused.
    core.clock.advanceSeconds(60)
    expect(fieldCodes(await verify(await passwordStep('w1'), alice.code(-2)))).toEqual({
      code: ['wrong_two_factor_code']
    })
    expect(fieldCodes(await verify(appWindow('w1'), alice.code(2)))).toEqual({ code: ['wrong_two_factor_code'] })
    dataOf(await verify(appWindow('w1'), alice.code(-1)))
    dataOf(await verify(await passwordStep('w2'), alice.code(1)))
    // Now's code is valid by time, but older than the step just used.
    expect(fieldCodes(await verify(await passwordStep('w3'), alice.code(0)))).toEqual({
      code: ['wrong_two_factor_code']
    })
  })

  it('takes each recovery code once, typed in any case and without dashes', async () => {
    const alice = await enrolAlice()
    const typed = alice.recoveryCodes[3].replace(/-/g, '').toLowerCase()
    const view = dataOf(
      await call(core, await passwordStep('w1'), 'twoFactorVerifyRecoveryCode', { recoveryCode: typed })
    )
    expect(view.user?.username).toBe('alice')
    expect(dataOf(await call(core, appWindow('w1'), 'twoFactorStatus', {})).recoveryCodesLeft).toBe(9)
    const again = await call(core, await passwordStep('w2'), 'twoFactorVerifyRecoveryCode', {
      recoveryCode: alice.recoveryCodes[3]
    })
    expect(fieldCodes(again)).toEqual({ recoveryCode: ['wrong_recovery_code'] })
    expect(core.router.windows.token('w2')).toBeNull()
    dataOf(await call(core, appWindow('w2'), 'twoFactorVerifyRecoveryCode', { recoveryCode: alice.recoveryCodes[4] }))
  })

  it('counts wrong codes and recovery codes toward the password lockout, which a right password does not reset', async () => {
    const alice = await enrolAlice({ lockout: { maxFailures: 4, durationInSeconds: 600 } })
    const w1 = await passwordStep('w1')
    expect(errorOf(await verify(w1, '000000')).code).toBe('validation_failed')
    expect(
      errorOf(await call(core, w1, 'twoFactorVerifyRecoveryCode', { recoveryCode: 'AAAA-AAAA-AAAA-AAAA' })).code
    ).toBe('validation_failed')
    // Giving the right password again must not clear those two failures.
    const w2 = await passwordStep('w2')
    expect(errorOf(await verify(w2, '111111')).code).toBe('validation_failed')
    expect(errorOf(await verify(w2, '222222')).code).toBe('locked_out')
    // Locked: even the right code and the right password are refused, and no session exists.
    expect(errorOf(await verify(w2, alice.code())).code).toBe('locked_out')
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w3')).code).toBe('locked_out')
    expect(sessionsOf(alice.id)).toBe(1)
    expect(auditOf(core, 'lockout')).toHaveLength(1)
  })

  it('counts a wrong current password on Turn off and on new recovery codes toward the lockout', async () => {
    const alice = await enrolAlice({ lockout: { maxFailures: 2, durationInSeconds: 600 } })
    const off = await call(core, ALICE, 'twoFactorDisable', { password: 'not-my-password' })
    expect(fieldCodes(off)).toEqual({ password: ['password_incorrect'] })
    const codes = await call(core, ALICE, 'twoFactorNewRecoveryCodes', { password: 'not-my-password' })
    expect(errorOf(codes).code).toBe('locked_out')
    // The guessing window was signed out, and the lock holds for the right password elsewhere.
    expect(errorOf(await call(core, ALICE, 'twoFactorDisable', { password: STRONG_PASSWORD })).code).toBe(
      'not_signed_in'
    )
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w2')).code).toBe('locked_out')
    expect(core.services.twoFactor.isEnabled(alice.id)).toBe(true)
  })

  it('signs out the window whose wrong passwords on Turn off lock the name, as Change password does', async () => {
    const alice = await enrolAlice()
    const answers: string[] = []
    for (let i = 1; i <= 5; i++) {
      answers.push(errorOf(await call(core, ALICE, 'twoFactorDisable', { password: `guess-${i}` })).code)
    }
    expect(answers).toEqual([
      'validation_failed',
      'validation_failed',
      'validation_failed',
      'validation_failed',
      'locked_out'
    ])
    expect(dataOf(await call(core, ALICE, 'getSession', {})).user).toBeNull()
    expect(sessionsOf(alice.id)).toBe(0)
    expect(core.services.twoFactor.isEnabled(alice.id)).toBe(true)
  })

  it('verifies no more of a burst of password guesses than the lockout allows, so the right one comes too late', async () => {
    const alice = await enrolAlice({ lockout: { maxFailures: 3, durationInSeconds: 600 } })
    const guesses = ['guess-1', 'guess-2', 'guess-3', 'guess-4', STRONG_PASSWORD]
    const results = await Promise.all(guesses.map((password) => call(core, ALICE, 'twoFactorDisable', { password })))
    const codes = results.map((r) => errorOf(r).code)
    // The right password comes after the lock: refused, or the window already signed out by it.
    expect(['locked_out', 'not_signed_in']).toContain(codes.at(-1))
    expect(codes.filter((code) => code === 'validation_failed').length).toBeLessThanOrEqual(2)
    expect(core.services.twoFactor.isEnabled(alice.id)).toBe(true)
    expect(sessionsOf(alice.id)).toBe(0)
  })

  it('turns off and makes new recovery codes with the right password', async () => {
    const alice = await enrolAlice()
    const { recoveryCodes } = dataOf(
      await call(core, ALICE, 'twoFactorNewRecoveryCodes', { password: STRONG_PASSWORD })
    )
    expect(recoveryCodes).toHaveLength(10)
    const old = await call(core, await passwordStep('w1'), 'twoFactorVerifyRecoveryCode', {
      recoveryCode: alice.recoveryCodes[0]
    })
    expect(fieldCodes(old)).toEqual({ recoveryCode: ['wrong_recovery_code'] })
    dataOf(await call(core, appWindow('w1'), 'twoFactorVerifyRecoveryCode', { recoveryCode: recoveryCodes[0] }))

    expect(dataOf(await call(core, ALICE, 'twoFactorDisable', { password: STRONG_PASSWORD }))).toEqual({
      enabled: false,
      recoveryCodesLeft: 0
    })
    expect(dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w2')).user?.username).toBe('alice')
    expect(auditOf(core, 'two_factor_disabled')[0]).toMatchObject({ outcome: 'success', actorUsername: 'alice' })
  })

  it('forgets a half-finished login after 5 minutes', async () => {
    const alice = await enrolAlice()
    const window = await passwordStep('w1')
    core.clock.advanceSeconds(5 * 60 - 1)
    expect(dataOf(await call(core, window, 'getSession', {})).secondFactorPending).toBe(true)
    core.clock.advanceSeconds(1)
    expect(dataOf(await call(core, window, 'getSession', {})).secondFactorPending).toBe(false)
    expect(errorOf(await verify(window, alice.code())).code).toBe('two_factor_login_expired')
    expect(sessionsOf(alice.id)).toBe(1)
  })

  it('forgets it when the window cancels or closes', async () => {
    const alice = await enrolAlice()
    const w1 = await passwordStep('w1')
    expect(dataOf(await call(core, w1, 'twoFactorCancelLogIn', {})).secondFactorPending).toBe(false)
    expect(errorOf(await verify(w1, alice.code())).code).toBe('two_factor_login_expired')
    const w2 = await passwordStep('w2')
    core.router.windowClosed('w2')
    expect(errorOf(await verify(w2, alice.code())).code).toBe('two_factor_login_expired')
  })

  it('keeps the count of wrong codes through a password reset by email: only a right code clears it', async () => {
    const alice = await enrolAlice()
    const w1 = await passwordStep('w1')
    for (const wrong of ['000001', '000002', '000003', '000004']) {
      expect(fieldCodes(await verify(w1, wrong))).toEqual({ code: ['wrong_two_factor_code'] })
    }
    // Holding the mailbox is not holding the phone: the reset leaves the four wrong codes counted.
    dataOf(await requestReset(core, 'alice@example.com'))
    dataOf(await confirmReset(core, await latestCode(core, 'alice@example.com')))
    const w2 = await passwordStep('w2', NEW_PASSWORD)
    expect(errorOf(await verify(w2, '000005')).code).toBe('locked_out')
    expect(errorOf(await verify(w2, alice.code())).code).toBe('locked_out')
    expect(sessionsOf(alice.id)).toBe(0)
  })

  it('still asks for the second factor after a password reset by email', async () => {
    const alice = await enrolAlice()
    dataOf(await requestReset(core, 'alice@example.com'))
    dataOf(await confirmReset(core, await latestCode(core, 'alice@example.com')))
    expect(core.router.windows.token('reset-window')).toBeNull()
    const view = dataOf(await logIn(core, 'alice', NEW_PASSWORD, 'after-reset'))
    expect(view).toMatchObject({ user: null, secondFactorPending: true })
    expect(sessionsOf(alice.id)).toBe(0)
    dataOf(await verify(appWindow('after-reset'), alice.code()))
  })
})

describe('administrators', () => {
  it('see a 2FA column and can turn a user’s 2FA off, audited', async () => {
    const alice = await enrolAlice()
    const ADMIN = appWindow('admin-window')
    const page = dataOf(
      await call(core, ADMIN, 'adminListAccounts', {
        search: '',
        sort: 'username',
        direction: 'asc',
        offset: 0,
        limit: 50
      })
    )
    expect(page.rows.map((row) => [row.username, row.twoFactor])).toEqual([
      ['admin', false],
      ['alice', true]
    ])
    // alice herself is not an administrator.
    expect(errorOf(await call(core, ALICE, 'adminDisableTwoFactor', { id: alice.id })).code).toBe('forbidden')

    expect(dataOf(await call(core, ADMIN, 'adminDisableTwoFactor', { id: alice.id })).twoFactor).toBe(false)
    expect(auditOf(core, 'admin_disable_two_factor')[0]).toMatchObject({
      actorUsername: 'admin',
      subjectUsername: 'alice'
    })
    // A second click (or a second administrator) changes nothing and records nothing more.
    expect(dataOf(await call(core, ADMIN, 'adminDisableTwoFactor', { id: alice.id })).twoFactor).toBe(false)
    expect(auditOf(core, 'admin_disable_two_factor')).toHaveLength(1)
    expect(dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w1')).user?.username).toBe('alice')
  })

  it('must set it up first when it is required, enforced by the router on every other channel', async () => {
    core = makeTestCore({ twoFactor: { requiredForAdmins: true } })
    await withFirstAdmin(core)
    const alice = await withUser(core, 'alice')
    const ADMIN = appWindow('admin-window')
    expect(dataOf(await call(core, ADMIN, 'getSession', {})).twoFactorSetupRequired).toBe(true)
    const blocked = [
      call(core, ADMIN, 'adminListAccounts', { search: '', sort: 'username', direction: 'asc', offset: 0, limit: 50 }),
      call(core, ADMIN, 'adminUpdateAccount', { id: alice.id, isAdmin: true }),
      call(core, ADMIN, 'twoFactorNewRecoveryCodes', { password: STRONG_PASSWORD })
    ]
    for (const result of await Promise.all(blocked)) expect(errorOf(result).code).toBe('two_factor_setup_required')
    expect(core.services.users.byId(alice.id)?.isAdmin).toBe(false)
    // A user who is not an administrator is not held up.
    expect(dataOf(await call(core, ALICE, 'twoFactorStatus', {})).enabled).toBe(false)
    expect(dataOf(await call(core, ALICE, 'getSession', {})).twoFactorSetupRequired).toBe(false)

    const setup = dataOf(await call(core, ADMIN, 'twoFactorBeginSetup', {}))
    dataOf(await call(core, ADMIN, 'twoFactorEnable', { code: codeAt(setup.setupKey, core.clock.now()) }))
    expect(dataOf(await call(core, ADMIN, 'getSession', {})).twoFactorSetupRequired).toBe(false)
    dataOf(
      await call(core, ADMIN, 'adminListAccounts', {
        search: '',
        sort: 'username',
        direction: 'asc',
        offset: 0,
        limit: 50
      })
    )
  })

  it('lets an administrator with a temporary password change it first, then holds them for the set-up', async () => {
    core = makeTestCore({ twoFactor: { requiredForAdmins: true } })
    await withFirstAdmin(core)
    const ADMIN = appWindow('admin-window')
    const setup = dataOf(await call(core, ADMIN, 'twoFactorBeginSetup', {}))
    dataOf(await call(core, ADMIN, 'twoFactorEnable', { code: codeAt(setup.setupKey, core.clock.now()) }))
    const bob = dataOf(await call(core, ADMIN, 'adminCreateAccount', { ...signUpInput('bob'), isAdmin: true }))
    const temporary = 'amber-Harbour-63-slowly'
    dataOf(
      await call(core, ADMIN, 'adminSetTemporaryPassword', {
        id: bob.id,
        password: temporary,
        passwordConfirmation: temporary
      })
    )

    const BOB = appWindow('bob-window')
    const view = dataOf(await logIn(core, 'bob', temporary, 'bob-window'))
    expect(view).toMatchObject({ user: { mustChangePassword: true }, twoFactorSetupRequired: true })
    const changed = await call(core, BOB, 'changePassword', {
      oldPassword: temporary,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD
    })
    expect(dataOf(changed)).toMatchObject({ user: { mustChangePassword: false }, twoFactorSetupRequired: true })
    expect(errorOf(await call(core, BOB, 'adminListAudit', { user: '', kind: '', offset: 0, limit: 5 })).code).toBe(
      'two_factor_setup_required'
    )
  })

  it('reads the setting at each call, so turning it on holds up an administrator already signed in', async () => {
    core = makeTestCore()
    await withFirstAdmin(core)
    const ADMIN = appWindow('admin-window')
    dataOf(await call(core, ADMIN, 'adminListAudit', { user: '', kind: '', offset: 0, limit: 5 }))
    core.services.settings.twoFactor.requiredForAdmins = true
    expect(errorOf(await call(core, ADMIN, 'adminListAudit', { user: '', kind: '', offset: 0, limit: 5 })).code).toBe(
      'two_factor_setup_required'
    )
    dataOf(await call(core, ADMIN, 'logOut', {}))
  })
})

describe('the TOTP secret', () => {
  it('crosses IPC only in the set-up answer', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    const answers: { channel: string; result: Result<unknown> }[] = []
    const spy = async (window: CallerContext, channel: string, payload: unknown) => {
      const result = await core.router.handle(window, channel, payload)
      answers.push({ channel, result })
      return result
    }
    const setup = dataOf((await spy(ALICE, 'twoFactorBeginSetup', {})) as Result<{ setupKey: string }>)
    const secret = Secret.fromBase32(setup.setupKey)
    const code = () => codeAt(setup.setupKey, core.clock.now())
    await spy(ALICE, 'twoFactorEnable', { code: code() })
    await spy(ALICE, 'twoFactorStatus', {})
    await spy(ALICE, 'getSession', {})
    await spy(ALICE, 'logOut', {})
    core.clock.advanceSeconds(30)
    await spy(appWindow('w1'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })
    await spy(appWindow('w1'), 'getSession', {})
    await spy(appWindow('w1'), 'twoFactorVerifyLogIn', { code: '123456' })
    await spy(appWindow('w1'), 'twoFactorVerifyLogIn', { code: code() })
    await spy(appWindow('admin-window'), 'adminListAccounts', {
      search: '',
      sort: 'username',
      direction: 'asc',
      offset: 0,
      limit: 50
    })
    await spy(appWindow('admin-window'), 'adminGetAccount', { id: core.services.users.byUsernameKey('alice')!.id })
    await spy(appWindow('admin-window'), 'adminListAudit', { user: '', kind: '', offset: 0, limit: 100 })
    await spy(appWindow('w1'), 'twoFactorBeginSetup', {})

    const sealed = core.services.db.prepare('SELECT sealed_key FROM two_factor').pluck().get() as Buffer
    const forms = [
      setup.setupKey,
      secret.hex,
      Buffer.from(secret.bytes).toString('base64'),
      sealed.toString('hex'),
      sealed.toString('base64')
    ]
    expect(answers).toHaveLength(13)
    for (const { channel, result } of answers.slice(1)) {
      const text = JSON.stringify(result)
      for (const form of forms) expect(text.toLowerCase().includes(form.toLowerCase()), channel).toBe(false)
    }
  })
})
