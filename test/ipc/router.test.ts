import { afterEach, describe, expect, it } from 'vitest'
import { call, dataOf, errorOf, everyTable, usersTable } from '../helpers/accounts'
import { appWindow, mailLogWindow, signUpInput, STRONG_PASSWORD, type TestCore } from '../helpers/core'
import { coreWithAlice } from '../helpers/login'

let core: TestCore
afterEach(() => core?.dispose())

async function expectRefusedWithoutChange(call: () => Promise<unknown>, code: string): Promise<void> {
  const before = everyTable(core)
  const windowsBefore = ['alice-window', 'admin-window', 'w1'].map((w) => core.router.windows.token(w))
  const result = (await call()) as { ok: boolean; error?: { code: string } }
  expect(result.ok).toBe(false)
  expect(result.error?.code).toBe(code)
  expect(everyTable(core)).toEqual(before)
  expect(['alice-window', 'admin-window', 'w1'].map((w) => core.router.windows.token(w))).toEqual(windowsBefore)
}

describe('unknown channels', () => {
  it('answer unknown_channel for any name not in the contract, and change nothing', async () => {
    core = await coreWithAlice({})
    for (const channel of [
      'deleteEverything',
      '',
      'getsession',
      'constructor',
      '__proto__',
      'toString',
      42,
      null,
      undefined,
      {}
    ]) {
      await expectRefusedWithoutChange(() => core.router.handle(appWindow('w1'), channel, {}), 'unknown_channel')
    }
  })
})

describe('strict payloads', () => {
  it('refuse an extra key with invalid_input naming it, and create nothing', async () => {
    core = await coreWithAlice({})
    const call = () => core.router.handle(appWindow('w1'), 'signUp', { ...signUpInput('mallory'), isAdmin: true })
    await expectRefusedWithoutChange(call, 'invalid_input')
    expect(errorOf(await call()).fields).toEqual({ isAdmin: [expect.objectContaining({ code: 'unknown_field' })] })
    await expectRefusedWithoutChange(
      () => core.router.handle(appWindow('w1'), 'getSession', { user: 1 }),
      'invalid_input'
    )
  })

  it('refuse a smuggled __proto__ key', async () => {
    core = await coreWithAlice({})
    const payload = JSON.parse(`{"__proto__":{"isAdmin":true},${JSON.stringify(signUpInput('mallory')).slice(1)}`)
    await expectRefusedWithoutChange(() => core.router.handle(appWindow('w1'), 'signUp', payload), 'invalid_input')
    const fields = errorOf(await core.router.handle(appWindow('w1'), 'signUp', payload)).fields ?? {}
    expect(Object.keys(fields)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('refuse wrong types and missing fields', async () => {
    core = await coreWithAlice({})
    const wrongType = await core.router.handle(appWindow('w1'), 'signUp', { ...signUpInput('mallory'), username: 42 })
    expect(errorOf(wrongType)).toMatchObject({ code: 'invalid_input', fields: { username: [{ code: 'wrong_type' }] } })
    for (const payload of [
      { ...signUpInput('mallory'), password: ['violet-Anchor-92-quietly'] },
      { ...signUpInput('mallory'), email: null },
      { identifier: 'alice' },
      { identifier: 'alice', password: { toString: () => STRONG_PASSWORD } }
    ]) {
      const channel = 'identifier' in payload ? 'logIn' : 'signUp'
      await expectRefusedWithoutChange(() => core.router.handle(appWindow('w1'), channel, payload), 'invalid_input')
    }
  })

  it('refuse a payload that is not an object', async () => {
    core = await coreWithAlice({})
    for (const payload of [null, undefined, [], ['alice', STRONG_PASSWORD], 'alice', 42, true]) {
      await expectRefusedWithoutChange(() => core.router.handle(appWindow('w1'), 'logIn', payload), 'invalid_input')
      await expectRefusedWithoutChange(
        () => core.router.handle(appWindow('w1'), 'getSession', payload),
        'invalid_input'
      )
    }
  })

  it('refuse huge strings (100,000 characters) before any work', async () => {
    core = await coreWithAlice({})
    const huge = 'a'.repeat(100_000)
    for (const [channel, payload] of [
      ['signUp', { ...signUpInput('mallory'), username: huge }],
      ['signUp', { ...signUpInput('mallory'), password: huge, passwordConfirmation: huge }],
      ['logIn', { identifier: 'alice', password: huge }],
      ['logIn', { identifier: huge, password: STRONG_PASSWORD }]
    ] as const) {
      await expectRefusedWithoutChange(() => core.router.handle(appWindow('w1'), channel, payload), 'invalid_input')
    }
    const result = await core.router.handle(appWindow('w1'), 'logIn', { identifier: 'alice', password: huge })
    expect(errorOf(result).fields).toEqual({ password: [expect.objectContaining({ code: 'too_long' })] })
  })
})

describe('who may call', () => {
  it('the Mail log window may not call app channels', async () => {
    core = await coreWithAlice({})
    for (const [channel, payload] of [
      ['getSession', {}],
      ['signUp', signUpInput('mallory')],
      ['logIn', { identifier: 'alice', password: STRONG_PASSWORD }],
      ['adminListAccounts', { search: '', sort: 'username', direction: 'asc', offset: 0, limit: 10 }]
    ] as const) {
      await expectRefusedWithoutChange(
        () => core.router.handle(mailLogWindow('alice-window'), channel, payload),
        'wrong_window'
      )
    }
  })

  it('an app window may not read the Mail log', async () => {
    core = await coreWithAlice({})
    await expectRefusedWithoutChange(
      () => core.router.handle(appWindow('admin-window'), 'mailLogList', {}),
      'wrong_window'
    )
    expect(dataOf(await core.router.handle(mailLogWindow(), 'mailLogList', {}))).toEqual(expect.any(Array))
  })

  it('a guest may not call user-only channels', async () => {
    core = await coreWithAlice({})
    await expectRefusedWithoutChange(() => core.router.handle(appWindow('w1'), 'logOut', {}), 'not_signed_in')
    const change = {
      oldPassword: STRONG_PASSWORD,
      newPassword: 'copper-Lantern-58-softly',
      newPasswordConfirmation: 'copper-Lantern-58-softly'
    }
    await expectRefusedWithoutChange(
      () => core.router.handle(appWindow('w1'), 'changePassword', change),
      'not_signed_in'
    )
  })

  it('a signed-in non-administrator may not call an admin channel; an administrator may', async () => {
    core = await coreWithAlice({})
    const list = { search: '', sort: 'username', direction: 'asc', offset: 0, limit: 10 }
    await expectRefusedWithoutChange(
      () => core.router.handle(appWindow('alice-window'), 'adminListAccounts', list),
      'forbidden'
    )
    await expectRefusedWithoutChange(
      () => core.router.handle(appWindow('w1'), 'adminListAccounts', list),
      'not_signed_in'
    )
    expect(dataOf(await core.router.handle(appWindow('admin-window'), 'adminListAccounts', list))).toMatchObject({
      total: 2
    })
  })

  it('checks the account on every call: a deactivated user’s window is signed out at once', async () => {
    core = await coreWithAlice({})
    const alice = core.services.users.byUsernameKey('alice')!
    core.services.users.update(alice.id, { isActive: false })
    expect(errorOf(await core.router.handle(appWindow('alice-window'), 'logOut', {})).code).toBe('not_signed_in')
    expect(dataOf(await core.router.handle(appWindow('alice-window'), 'getSession', {}))).toMatchObject({ user: null })
  })

  it('checks the role on every call: a demoted administrator is refused at once', async () => {
    core = await coreWithAlice({})
    const admin = core.services.users.byUsernameKey('admin')!
    core.services.users.update(admin.id, { isAdmin: false })
    const list = { search: '', sort: 'username', direction: 'asc', offset: 0, limit: 10 }
    expect(errorOf(await core.router.handle(appWindow('admin-window'), 'adminListAccounts', list)).code).toBe(
      'forbidden'
    )
  })
})

describe('errors', () => {
  it('have a stable snake_case code and a message for people', async () => {
    core = await coreWithAlice({})
    const results = [
      await core.router.handle(appWindow('w1'), 'nope', {}),
      await core.router.handle(appWindow('w1'), 'logIn', null),
      await core.router.handle(appWindow('w1'), 'logIn', { identifier: 'alice', password: 'wrong-one-77' }),
      await core.router.handle(appWindow('w1'), 'logOut', {}),
      await core.router.handle(appWindow('w1'), 'signUp', signUpInput('alice'))
    ]
    for (const result of results) {
      const error = errorOf(result)
      expect(error.code).toMatch(/^[a-z]+(_[a-z]+)*$/)
      expect(error.message.length).toBeGreaterThan(5)
    }
  })

  it('an unexpected failure answers internal_error, changes nothing, and logs no payload', async () => {
    const logged: string[] = []
    core = await coreWithAlice({}, { logError: (message) => logged.push(message) })
    // The database itself refuses the write: nothing our code expects.
    core.services.db.exec(
      `CREATE TRIGGER refuse_users BEFORE INSERT ON users BEGIN SELECT RAISE(ABORT, 'disk says no'); END`
    )
    const input = signUpInput('Zebediah-Unique', 'Secret-Horse-Battery-913')
    const before = usersTable(core)
    const result = await core.router.handle(appWindow('w1'), 'signUp', input)
    expect(errorOf(result)).toEqual({ code: 'internal_error', message: expect.any(String) })
    expect(errorOf(result).message).not.toContain('disk says no')
    expect(usersTable(core)).toEqual(before)
    expect(dataOf(await call(core, appWindow('w1'), 'getSession', {})).user).toBeNull()

    expect(logged).toHaveLength(1)
    expect(logged[0]).toContain('signUp')
    for (const secret of [input.password, input.username, input.email, '$argon2']) {
      expect(logged[0]).not.toContain(secret)
    }
  })

  it('a closed database is an internal error too, not a crash', async () => {
    const logged: string[] = []
    core = await coreWithAlice({}, { logError: (message) => logged.push(message) })
    core.services.db.close()
    const result = await core.router.handle(appWindow('w1'), 'logIn', {
      identifier: 'alice',
      password: STRONG_PASSWORD
    })
    expect(errorOf(result).code).toBe('internal_error')
    // A signed-in window needs the database before any handler runs (its session is checked).
    const signedIn = await core.router.handle(appWindow('alice-window'), 'getSession', {})
    expect(errorOf(signedIn).code).toBe('internal_error')
    expect(logged.join('\n')).not.toContain(STRONG_PASSWORD)
  })
})
