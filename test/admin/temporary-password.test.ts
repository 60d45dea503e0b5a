import { afterEach, describe, expect, it } from 'vitest'
import type { ChannelName } from '../../src/shared/channels'
import type { ChannelInput } from '../../src/shared/contract'
import { call, dataOf, errorOf, passwordHashOf } from '../helpers/accounts'
import { adminChannelInputs, TEMPORARY_PASSWORD } from '../helpers/channel-inputs'
import { appWindow, makeTestCore, signUpInput, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

const ADMIN = appWindow('admin-window')
const OWN_PASSWORD = 'copper-Lantern-58-softly'

/** admin, alice, and bob, an administrator whose password an administrator has just set. */
async function bobWithTemporaryPassword(): Promise<{ aliceId: number; bobId: number }> {
  core = makeTestCore()
  const alice = await withUser(core, 'alice')
  const bob = await withUser(core, 'bob')
  dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: bob.id, isAdmin: true }))
  await setTemporary(bob.id)
  return { aliceId: alice.id, bobId: bob.id }
}

async function setTemporary(id: number, password = TEMPORARY_PASSWORD) {
  return dataOf(await call(core, ADMIN, 'adminSetTemporaryPassword', { id, password, passwordConfirmation: password }))
}

const logIn = (password: string, window = 'bob-window') =>
  call(core, appWindow(window), 'logIn', { identifier: 'bob', password })

const changeTo = (password: string, window = 'bob-window', oldPassword = TEMPORARY_PASSWORD) =>
  call(core, appWindow(window), 'changePassword', {
    oldPassword,
    newPassword: password,
    newPasswordConfirmation: password
  })

type AppChannel = Exclude<ChannelName, 'mailLogList'>

/**
 * A valid input for every app-window channel, so that only the pending password change can
 * refuse it. The type makes a new channel fail to compile until it has one here.
 */
function validInputs(aliceId: number): { [K in AppChannel]: ChannelInput<K> } {
  const changed = 'third-Choice-pass-31'
  return {
    ...adminChannelInputs(aliceId),
    getSession: {},
    reportActivity: {},
    getPasswordRules: {},
    signUp: signUpInput('carol'),
    createFirstAdmin: signUpInput('dave'),
    logIn: { identifier: 'alice', password: STRONG_PASSWORD },
    logOut: {},
    changePassword: { oldPassword: TEMPORARY_PASSWORD, newPassword: changed, newPasswordConfirmation: changed },
    requestPasswordReset: { email: 'alice@example.com' },
    confirmPasswordReset: { code: 'ABCD-EFGH-JKMN-PQRS', newPassword: changed, newPasswordConfirmation: changed },
    twoFactorStatus: {},
    twoFactorBeginSetup: {},
    twoFactorEnable: { code: '123456' },
    twoFactorDisable: { password: TEMPORARY_PASSWORD },
    twoFactorNewRecoveryCodes: { password: TEMPORARY_PASSWORD },
    twoFactorVerifyLogIn: { code: '123456' },
    twoFactorVerifyRecoveryCode: { recoveryCode: 'ABCD-EFGH-JKMN-PQRS' },
    twoFactorCancelLogIn: {},
    lockSession: {},
    switchUser: {},
    unlockSession: { handle: 'no-such-session', password: STRONG_PASSWORD },
    reauthenticate: { password: TEMPORARY_PASSWORD }
  }
}

describe('a password an administrator set must be changed before anything else', () => {
  it('refuses every other channel in main, whatever the window calls directly', async () => {
    const { aliceId } = await bobWithTemporaryPassword()
    expect(dataOf(await logIn(TEMPORARY_PASSWORD)).user).toMatchObject({ username: 'bob', mustChangePassword: true })
    const bob = appWindow('bob-window')
    const aliceHash = passwordHashOf(core, 'alice')

    const listed = await call(core, bob, 'adminListAccounts', {
      search: '',
      sort: 'username',
      direction: 'asc',
      offset: 0,
      limit: 50
    })
    expect(errorOf(listed)).toEqual({ code: 'password_change_required', message: expect.any(String) })
    expect(errorOf(await call(core, bob, 'reportActivity', {})).code).toBe('password_change_required')
    const takeover = await call(core, bob, 'adminSetTemporaryPassword', {
      id: aliceId,
      password: 'stolen-Account-77-now',
      passwordConfirmation: 'stolen-Account-77-now'
    })
    expect(errorOf(takeover).code).toBe('password_change_required')
    expect(passwordHashOf(core, 'alice')).toBe(aliceHash)
    expect(errorOf(await call(core, bob, 'adminListAudit', { user: '', kind: '', offset: 0, limit: 10 })).code).toBe(
      'password_change_required'
    )

    // What the Change password screen needs still answers.
    expect(dataOf(await call(core, bob, 'getSession', {})).user?.username).toBe('bob')
    expect(dataOf(await call(core, bob, 'getPasswordRules', {})).length).toBeGreaterThan(0)

    dataOf(await changeTo(OWN_PASSWORD))
    expect(
      dataOf(
        await call(core, bob, 'adminListAccounts', {
          search: '',
          sort: 'username',
          direction: 'asc',
          offset: 0,
          limit: 50
        })
      ).rows.length
    ).toBe(3)
    expect(dataOf(await call(core, bob, 'reportActivity', {}))).toEqual({ active: true })
  })

  it('lets only the session, password-rules, change-password and log-out channels through', async () => {
    const { aliceId, bobId } = await bobWithTemporaryPassword()
    const open: string[] = []
    for (const [channel, payload] of Object.entries(validInputs(aliceId))) {
      // Each channel from a window just signed in with a fresh temporary password.
      await setTemporary(bobId)
      dataOf(await logIn(TEMPORARY_PASSWORD, `bob-${channel}`))
      const result = await call(core, appWindow(`bob-${channel}`), channel as AppChannel, payload)
      if (result.ok || result.error.code !== 'password_change_required') open.push(channel)
    }
    // Lock too: the person may walk away from the workstation before choosing a password.
    expect(open.sort()).toEqual(['changePassword', 'getPasswordRules', 'getSession', 'lockSession', 'logOut'])
  })

  it('lets the user log out', async () => {
    await bobWithTemporaryPassword()
    dataOf(await logIn(TEMPORARY_PASSWORD))
    expect(dataOf(await call(core, appWindow('bob-window'), 'logOut', {})).user).toBeNull()
  })
})

// What a second login with it answers, and the forced change it leads to: test/login/handover.test.ts.
describe('a temporary password opens one login', () => {
  it('opens one login even when two windows use it at the same moment', async () => {
    await bobWithTemporaryPassword()
    const results = await Promise.all(['one', 'two', 'three'].map((window) => logIn(TEMPORARY_PASSWORD, window)))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
  })

  it('is unaffected for people who chose their own password', async () => {
    await bobWithTemporaryPassword()
    for (const window of ['a', 'b', 'c']) {
      expect(
        dataOf(await call(core, appWindow(window), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })).user
          ?.username
      ).toBe('alice')
    }
  })
})
