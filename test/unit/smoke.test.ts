import { afterEach, describe, expect, it } from 'vitest'
import { appWindow, makeTestCore, signUpInput, withFirstAdmin, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

describe('sign-up through the router', () => {
  it('signs the new user in and greets them by name', async () => {
    core = makeTestCore()
    await withFirstAdmin(core)
    const result = await core.router.handle(appWindow(), 'signUp', signUpInput('alice'))
    expect(result).toMatchObject({ ok: true, data: { user: { username: 'alice', isAdmin: false } } })
    const session = await core.router.handle(appWindow(), 'getSession', {})
    expect(session).toMatchObject({ ok: true, data: { user: { username: 'alice' } } })
  })
})
