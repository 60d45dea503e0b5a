import { afterEach, describe, expect, it } from 'vitest'
import { call, dataOf, errorOf, fieldCodes, passwordHashOf } from '../helpers/accounts'
import { appWindow, makeTestCore, signUpInput, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'

/**
 * A temporary password hands an account over: its first login spends it and lands in the
 * forced Change password, which asks only for the new password; a later login with it is told
 * it was used, but only with the right password. Through the router, as a window calls it.
 */

let core: TestCore
afterEach(() => core?.dispose())

const ADMIN = appWindow('admin-window')
const TEMPORARY = 'amber-Harbour-63-slowly'
const OWN = 'copper-Lantern-58-softly'
const USED = 'This temporary password was already used. Ask your administrator for a new one.'

/** admin, alice (signed in as usual) and bob, whose password the administrator has just set. */
async function bobWithTemporaryPassword(): Promise<number> {
  core = makeTestCore()
  await withUser(core, 'alice')
  const bob = await withUser(core, 'bob')
  await setTemporary(bob.id)
  return bob.id
}

async function setTemporary(id: number, password = TEMPORARY): Promise<void> {
  dataOf(await call(core, ADMIN, 'adminSetTemporaryPassword', { id, password, passwordConfirmation: password }))
}

const logIn = (password: string, window: string, identifier = 'bob') =>
  call(core, appWindow(window), 'logIn', { identifier, password })

/** The forced change as its screen sends it: no old password. */
const replaceWith = (password: string, window: string) =>
  call(core, appWindow(window), 'changePassword', { newPassword: password, newPasswordConfirmation: password })

describe('the forced change after a temporary password', () => {
  it('asks only for the new password, and then the new one logs in and the temporary one does not', async () => {
    await bobWithTemporaryPassword()
    expect(dataOf(await logIn(TEMPORARY, 'bob-1')).user).toMatchObject({ username: 'bob', mustChangePassword: true })
    const changed = dataOf(await replaceWith(OWN, 'bob-1'))
    expect(changed.user).toMatchObject({ username: 'bob', mustChangePassword: false })
    // The window goes on as bob, with nothing forced any more.
    expect(dataOf(await call(core, appWindow('bob-1'), 'reportActivity', {}))).toEqual({ active: true })
    expect(dataOf(await logIn(OWN, 'bob-2')).user?.username).toBe('bob')
    expect(errorOf(await logIn(TEMPORARY, 'bob-3')).code).toBe('invalid_credentials')
  })

  it('refuses the shortcut outside the forced step: a normal change still needs the old password', async () => {
    await bobWithTemporaryPassword()
    const aliceHash = passwordHashOf(core, 'alice')
    const refused = await replaceWith(OWN, 'alice-window')
    expect(fieldCodes(refused)).toEqual({ oldPassword: ['password_required'] })
    expect(passwordHashOf(core, 'alice')).toBe(aliceHash)
    // Nothing was guessed, so nothing counts: alice still has all her attempts.
    expect(errorOf(await logIn('not-the-password-1', 'x', 'alice')).params).toBeUndefined()

    // Once bob has replaced it, his own window is out of the forced step too.
    dataOf(await logIn(TEMPORARY, 'bob-1'))
    dataOf(await replaceWith(OWN, 'bob-1'))
    const bobHash = passwordHashOf(core, 'bob')
    expect(fieldCodes(await replaceWith('another-Choice-pass-47', 'bob-1'))).toEqual({
      oldPassword: ['password_required']
    })
    expect(passwordHashOf(core, 'bob')).toBe(bobHash)
    // A guest window cannot call it at all.
    expect(errorOf(await replaceWith(OWN, 'guest')).code).toBe('not_signed_in')
  })

  it('still checks an old password when one is given, and a wrong one counts', async () => {
    await bobWithTemporaryPassword()
    dataOf(await logIn(TEMPORARY, 'bob-1'))
    const wrong = await call(core, appWindow('bob-1'), 'changePassword', {
      oldPassword: 'not-the-password-1',
      newPassword: OWN,
      newPasswordConfirmation: OWN
    })
    expect(fieldCodes(wrong)).toEqual({ oldPassword: ['old_password_incorrect'] })
  })

  it('refuses the temporary password itself as the new one, so the administrator does not keep knowing it', async () => {
    await bobWithTemporaryPassword()
    dataOf(await logIn(TEMPORARY, 'bob-1'))
    const hash = passwordHashOf(core, 'bob')
    expect(fieldCodes(await replaceWith(TEMPORARY, 'bob-1'))).toEqual({ newPassword: ['password_same_as_temporary'] })
    expect(passwordHashOf(core, 'bob')).toBe(hash)
    expect(dataOf(await call(core, appWindow('bob-1'), 'getSession', {})).user?.mustChangePassword).toBe(true)
  })

  it('changes the password once when the forced window sends a burst of changes', async () => {
    await bobWithTemporaryPassword()
    dataOf(await logIn(TEMPORARY, 'bob-1'))
    const choices = ['first-Choice-pass-31', 'second-Choice-pass-32', 'third-Choice-pass-33']
    const results = await Promise.all(choices.map((choice) => replaceWith(choice, 'bob-1')))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    for (const result of results.filter((r) => !r.ok)) {
      expect(fieldCodes(result)).toEqual({ oldPassword: ['password_required'] })
    }
    const chosen = choices[results.findIndex((result) => result.ok)]
    expect(dataOf(await logIn(chosen, 'bob-2')).user?.username).toBe('bob')
  })
})

describe('a spent temporary password', () => {
  it('answers that it was used after "Not now? Log out", but only to the right password', async () => {
    await bobWithTemporaryPassword()
    dataOf(await logIn(TEMPORARY, 'bob-1'))
    dataOf(await call(core, appWindow('bob-1'), 'logOut', {}))

    const spent = errorOf(await logIn(TEMPORARY, 'bob-2'))
    expect(spent).toEqual({ code: 'temporary_password_used', message: USED })
    expect(dataOf(await call(core, appWindow('bob-2'), 'getSession', {})).user).toBeNull()
    // A wrong password learns nothing: the same generic answer as an unknown name.
    const wrong = errorOf(await logIn('not-the-password-1', 'bob-3'))
    const unknown = errorOf(await logIn('not-the-password-1', 'bob-3', 'nobody-here'))
    expect(wrong).toEqual(unknown)
    expect(wrong.code).toBe('invalid_credentials')
  })

  it('is spent by closing the window too', async () => {
    await bobWithTemporaryPassword()
    dataOf(await logIn(TEMPORARY, 'bob-1'))
    core.router.windowClosed('bob-1')
    expect(errorOf(await logIn(TEMPORARY, 'bob-2')).code).toBe('temporary_password_used')
  })

  it('counts toward the lockout like any refused login', async () => {
    await bobWithTemporaryPassword()
    dataOf(await logIn(TEMPORARY, 'first'))
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(errorOf(await logIn(TEMPORARY, `again-${attempt}`)).code).toBe('temporary_password_used')
    }
    expect(errorOf(await logIn(TEMPORARY, 'again-5')).code).toBe('locked_out')
  })

  it('works again once the administrator sets a new temporary password', async () => {
    const bobId = await bobWithTemporaryPassword()
    const page = async () => dataOf(await call(core, ADMIN, 'adminGetAccount', { id: bobId }))
    expect(await page()).toMatchObject({ mustChangePassword: true, temporaryPasswordUsed: false })
    dataOf(await logIn(TEMPORARY, 'bob-1'))
    expect(errorOf(await logIn(TEMPORARY, 'bob-2')).code).toBe('temporary_password_used')
    // The account page tells the administrator a new one is needed.
    expect(await page()).toMatchObject({ mustChangePassword: true, temporaryPasswordUsed: true })
    await setTemporary(bobId, 'second-Temporary-44-go')
    expect(await page()).toMatchObject({ mustChangePassword: true, temporaryPasswordUsed: false })
    expect(dataOf(await logIn('second-Temporary-44-go', 'bob-3')).user?.mustChangePassword).toBe(true)
    dataOf(await replaceWith(OWN, 'bob-3'))
    expect(dataOf(await logIn(OWN, 'bob-4')).user?.mustChangePassword).toBe(false)
  })

  it('opens one forced session when two windows log in with it at once; the other is told it was used', async () => {
    await bobWithTemporaryPassword()
    const windows = ['one', 'two']
    const results = await Promise.all(windows.map((window) => logIn(TEMPORARY, window)))
    const winners = results.filter((result) => result.ok)
    expect(winners).toHaveLength(1)
    expect(errorOf(results.find((result) => !result.ok)!).code).toBe('temporary_password_used')
    // Only the window that won is in the forced step.
    const loser = windows[results.findIndex((result) => !result.ok)]
    const winner = windows[results.findIndex((result) => result.ok)]
    expect(errorOf(await replaceWith(OWN, loser)).code).toBe('not_signed_in')
    dataOf(await replaceWith(OWN, winner))
  })
})

describe('Create account with "Must change password at first login"', () => {
  it('makes the password a temporary one: one login, then only a new password of their own', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    const carol = dataOf(
      await call(core, ADMIN, 'adminCreateAccount', {
        ...signUpInput('carol', TEMPORARY),
        isAdmin: false,
        mustChangePassword: true
      })
    )
    expect(carol.mustChangePassword).toBe(true)
    expect(dataOf(await logIn(TEMPORARY, 'carol-1', 'carol')).user?.mustChangePassword).toBe(true)
    expect(errorOf(await logIn(TEMPORARY, 'carol-2', 'carol')).code).toBe('temporary_password_used')
    dataOf(await replaceWith(OWN, 'carol-1'))
    expect(dataOf(await logIn(OWN, 'carol-3', 'carol')).user?.mustChangePassword).toBe(false)
  })

  it('left off, the account keeps the password it was given', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    dataOf(
      await call(core, ADMIN, 'adminCreateAccount', {
        ...signUpInput('dave'),
        isAdmin: false,
        mustChangePassword: false
      })
    )
    for (const window of ['d1', 'd2']) {
      expect(dataOf(await logIn(STRONG_PASSWORD, window, 'dave')).user?.mustChangePassword).toBe(false)
    }
  })
})
