import { afterEach, describe, expect, it } from 'vitest'
import { appWindow, makeTestCore, signUpInput, withFirstAdmin, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

async function signedInWindow(idleTimeoutInSeconds: number) {
  // Idle time signs out here; test/sessions/lock.test.ts covers the default, which locks.
  core = makeTestCore({ sessions: { idleTimeoutInSeconds, idleAction: 'logOut' } })
  await withFirstAdmin(core)
  const result = await core.router.handle(appWindow(), 'signUp', signUpInput('walker'))
  expect(result.ok).toBe(true)
}

describe('idle sign-out', () => {
  it('status polls do not keep a session alive; the window is told why it ended', async () => {
    await signedInWindow(600)
    for (let minute = 0; minute < 10; minute++) {
      core.clock.advanceSeconds(60)
      const poll = await core.router.handle(appWindow(), 'getSession', {})
      if (minute < 9) expect(poll).toMatchObject({ ok: true, data: { user: { username: 'walker' } } })
      else expect(poll).toMatchObject({ ok: true, data: { user: null, endedBecause: 'idle' } })
    }
    // Said once; afterwards the window is simply a guest.
    expect(await core.router.handle(appWindow(), 'getSession', {})).toMatchObject({
      ok: true,
      data: { user: null, endedBecause: null }
    })
    expect(
      await core.router.handle(appWindow(), 'changePassword', {
        oldPassword: 'x',
        newPassword: 'y',
        newPasswordConfirmation: 'y'
      })
    ).toMatchObject({ ok: false, error: { code: 'not_signed_in' } })
  })

  it('reported activity keeps a person at the window signed in', async () => {
    await signedInWindow(600)
    for (let minute = 0; minute < 30; minute++) {
      core.clock.advanceSeconds(60)
      expect(await core.router.handle(appWindow(), 'reportActivity', {})).toEqual({ ok: true, data: { active: true } })
    }
    expect(await core.router.handle(appWindow(), 'getSession', {})).toMatchObject({
      ok: true,
      data: { user: { username: 'walker' } }
    })
  })

  it('a guest cannot report activity', async () => {
    core = makeTestCore()
    expect(await core.router.handle(appWindow('guest'), 'reportActivity', {})).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in' }
    })
  })
})

describe('signed out by a password change elsewhere', () => {
  it('tells the other window why, once', async () => {
    await signedInWindow(600)
    const other = appWindow('second-window')
    expect(
      await core.router.handle(other, 'logIn', { identifier: 'walker', password: signUpInput('walker').password })
    ).toMatchObject({ ok: true })
    const changed = await core.router.handle(appWindow(), 'changePassword', {
      oldPassword: signUpInput('walker').password,
      newPassword: 'Quiet-harbour-lamp-19',
      newPasswordConfirmation: 'Quiet-harbour-lamp-19'
    })
    expect(changed).toMatchObject({ ok: true, data: { user: { username: 'walker' } } })
    expect(await core.router.handle(other, 'getSession', {})).toMatchObject({
      ok: true,
      data: { user: null, endedBecause: 'password_changed' }
    })
    expect(await core.router.handle(other, 'getSession', {})).toMatchObject({ ok: true, data: { endedBecause: null } })
  })
})
