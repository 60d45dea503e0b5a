import { afterEach, describe, expect, it } from 'vitest'
import { call, dataOf, errorOf, fieldCodes, passwordHashOf } from '../helpers/accounts'
import { appWindow, makeTestCore, signUpInput, STRONG_PASSWORD, withFirstAdmin, type TestCore } from '../helpers/core'
import { coreWithAlice, logIn } from '../helpers/login'

let core: TestCore
afterEach(() => core?.dispose())

const NEW_PASSWORD = 'copper-Lantern-58-softly'

const change = (
  input: Partial<Record<'oldPassword' | 'newPassword' | 'newPasswordConfirmation', string>>,
  windowId = 'w1'
) =>
  call(core, appWindow(windowId), 'changePassword', {
    oldPassword: STRONG_PASSWORD,
    newPassword: NEW_PASSWORD,
    newPasswordConfirmation: NEW_PASSWORD,
    ...input
  })

describe('change password', () => {
  it('replaces the password: the old one fails from now on, the new one works', async () => {
    core = await coreWithAlice({}, { window: 'w1' })
    const before = passwordHashOf(core, 'alice')
    const session = dataOf(await change({}))
    expect(session).toMatchObject({ user: { username: 'alice' }, endedBecause: null })
    expect(passwordHashOf(core, 'alice')).not.toBe(before)
    expect(passwordHashOf(core, 'alice')).toMatch(/^\$argon2id\$/)
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD)).code).toBe('invalid_credentials')
    expect(dataOf(await logIn(core, 'alice', NEW_PASSWORD)).user?.username).toBe('alice')
  })

  it('checks the old password, and changes nothing when it is wrong', async () => {
    core = await coreWithAlice({}, { window: 'w1' })
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w2'))
    const before = passwordHashOf(core, 'alice')
    const result = await change({ oldPassword: 'not-the-old-one-1' })
    expect(fieldCodes(result)).toEqual({ oldPassword: ['old_password_incorrect'] })
    expect(passwordHashOf(core, 'alice')).toBe(before)
    expect(dataOf(await call(core, appWindow('w2'), 'getSession', {})).user?.username).toBe('alice')
  })

  it('validates the new password with every rule, in the user’s context', async () => {
    core = await coreWithAlice({}, { window: 'w1' })
    expect(fieldCodes(await change({ newPassword: 'alice1234', newPasswordConfirmation: 'alice1234' }))).toEqual({
      newPassword: ['password_too_similar']
    })
    expect(fieldCodes(await change({ newPassword: 'qwertyuiop', newPasswordConfirmation: 'qwertyuiop' }))).toEqual({
      newPassword: ['password_too_common']
    })
    const tooLong = 'Kq7!'.repeat(256) + 'x'
    expect(fieldCodes(await change({ newPassword: tooLong, newPasswordConfirmation: tooLong }))).toEqual({
      newPassword: ['password_too_long']
    })
  })

  it('requires the confirmation to match', async () => {
    core = await coreWithAlice({}, { window: 'w1' })
    expect(fieldCodes(await change({ newPasswordConfirmation: `${NEW_PASSWORD}x` }))).toEqual({
      newPasswordConfirmation: ['password_mismatch']
    })
    expect(dataOf(await logIn(core, 'alice', STRONG_PASSWORD)).user?.username).toBe('alice')
  })

  it('answers a wrong old password on its own, the same whether the new password is valid or not', async () => {
    core = await coreWithAlice({}, { window: 'w1' })
    const weakNew = await change({
      oldPassword: 'wrong-old-one-1',
      newPassword: '1234567',
      newPasswordConfirmation: '7654321'
    })
    const goodNew = await change({ oldPassword: 'wrong-old-one-2' })
    expect(fieldCodes(weakNew)).toEqual({ oldPassword: ['old_password_incorrect'] })
    expect(errorOf(goodNew)).toEqual(errorOf(weakNew))
  })

  it('reports every problem of the new password together once the old one is right', async () => {
    core = await coreWithAlice({}, { window: 'w1' })
    const result = await change({ newPassword: '1234567', newPasswordConfirmation: '7654321' })
    expect(fieldCodes(result)).toEqual({
      newPassword: ['password_too_short', 'password_too_common', 'password_entirely_numeric'],
      newPasswordConfirmation: ['password_mismatch']
    })
  })

  it('needs a signed-in window', async () => {
    core = await coreWithAlice({}, { window: 'w1' })
    const before = passwordHashOf(core, 'alice')
    expect(errorOf(await change({}, 'guest-window')).code).toBe('not_signed_in')
    expect(passwordHashOf(core, 'alice')).toBe(before)
  })

  it('changes the password, ends other sessions and records it together or not at all', async () => {
    core = makeTestCore({}, { logError: () => {} })
    await withFirstAdmin(core)
    dataOf(await call(core, appWindow('w1'), 'signUp', signUpInput('alice')))
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w2'))
    core.services.db.exec(
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events
       WHEN NEW.kind = 'password_change' AND NEW.outcome = 'success' BEGIN SELECT RAISE(ABORT, 'audit full'); END`
    )
    const before = passwordHashOf(core, 'alice')
    expect(errorOf(await change({})).code).toBe('internal_error')
    expect(passwordHashOf(core, 'alice')).toBe(before)
    expect(dataOf(await call(core, appWindow('w2'), 'getSession', {})).user?.username).toBe('alice')
  })

  it('signs out the user’s other windows and keeps this one', async () => {
    core = await coreWithAlice({}, { window: 'w1' })
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w2'))
    dataOf(await change({}))
    expect(dataOf(await call(core, appWindow('w2'), 'getSession', {})).user).toBeNull()
    expect(dataOf(await call(core, appWindow('w1'), 'getSession', {})).user?.username).toBe('alice')
    expect(
      dataOf(
        await change({
          oldPassword: NEW_PASSWORD,
          newPassword: 'third-Choice-pass-31',
          newPasswordConfirmation: 'third-Choice-pass-31'
        })
      ).user?.username
    ).toBe('alice')
  })

  it('counts wrong old passwords toward the user’s lockout and signs the guessing window out when it locks', async () => {
    core = await coreWithAlice({}, { window: 'w1' })
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w2'))
    const before = passwordHashOf(core, 'alice')
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(fieldCodes(await change({ oldPassword: `wrong-old-${attempt}` })), `guess ${attempt}`).toEqual({
        oldPassword: ['old_password_incorrect']
      })
    }
    expect(errorOf(await change({ oldPassword: 'wrong-old-5' }))).toMatchObject({
      code: 'locked_out',
      params: { minutes: 15 }
    })
    expect(dataOf(await call(core, appWindow('w1'), 'getSession', {})).user).toBeNull()
    // The name is locked for logins too, even with the right password; the other window stays.
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD)).code).toBe('locked_out')
    expect(dataOf(await call(core, appWindow('w2'), 'getSession', {})).user?.username).toBe('alice')
    expect(errorOf(await change({}, 'w2')).code).toBe('locked_out')
    expect(passwordHashOf(core, 'alice')).toBe(before)
  })

  it('shares one count with failed logins for the same name', async () => {
    core = await coreWithAlice({}, { window: 'w1' })
    for (let attempt = 1; attempt <= 3; attempt++) errorOf(await logIn(core, 'alice', `guess-${attempt}-at-login`))
    expect(fieldCodes(await change({ oldPassword: 'wrong-old-4' }))).toEqual({
      oldPassword: ['old_password_incorrect']
    })
    expect(errorOf(await change({ oldPassword: 'wrong-old-5' })).code).toBe('locked_out')
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD)).code).toBe('locked_out')
  })

  it('forgives earlier wrong guesses once the right old password is given', async () => {
    core = await coreWithAlice({}, { window: 'w1' })
    for (let attempt = 1; attempt <= 4; attempt++) await change({ oldPassword: `wrong-old-${attempt}` })
    dataOf(await change({}))
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(fieldCodes(await change({ oldPassword: `wrong-again-${attempt}` }))).toEqual({
        oldPassword: ['old_password_incorrect']
      })
    }
  })
})
