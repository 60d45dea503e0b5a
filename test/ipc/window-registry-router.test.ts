import { afterEach, describe, expect, it } from 'vitest'
import { call, dataOf, errorOf } from '../helpers/accounts'
import { appWindow, makeTestCore, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'
import { confirmReset, latestCode, requestReset, wrongCodeFor } from '../helpers/reset'

let core: TestCore
afterEach(() => core?.dispose())

const session = async (windowId: string) => dataOf(await call(core, appWindow(windowId), 'getSession', {}))

/**
 * Window ids can come back (the browser preview lets a page name its own), so a closed window
 * must leave nothing behind that the next holder of its id could use or be told.
 */
describe('a closed window, through the router', () => {
  it('is not told why a session it no longer shows ended', async () => {
    core = makeTestCore()
    await withUser(core, 'alice', 'alice-window')
    for (const w of ['kept-window', 'closed-window']) {
      dataOf(await call(core, appWindow(w), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD }))
    }
    dataOf(
      await call(core, appWindow('alice-window'), 'changePassword', {
        oldPassword: STRONG_PASSWORD,
        newPassword: 'Quiet-harbour-lamp-19',
        newPasswordConfirmation: 'Quiet-harbour-lamp-19'
      })
    )
    core.router.windowClosed('closed-window')
    expect(await session('kept-window')).toMatchObject({ user: null, endedBecause: 'password_changed' })
    expect(await session('closed-window')).toMatchObject({ user: null, endedBecause: null })
  })

  it('no longer ties wrong reset codes to the account it asked a code for', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    dataOf(await requestReset(core, alice.email, 'reset-window'))
    const code = await latestCode(core, alice.email)
    for (let i = 0; i < 4; i++) {
      expect(errorOf(await confirmReset(core, wrongCodeFor(code), 'reset-window')).code).toBe('reset_code_invalid')
    }
    core.router.windowClosed('reset-window')
    // A fifth wrong code would end the window's tries and kill alice's code, had its flow survived.
    expect(errorOf(await confirmReset(core, wrongCodeFor(code), 'reset-window')).code).toBe('reset_code_invalid')
    expect(await confirmReset(core, code, 'another-window')).toEqual({ ok: true, data: { reset: true } })
  })
})
