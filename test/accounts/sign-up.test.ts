import { afterEach, describe, expect, it } from 'vitest'
import { accountsWithHasher, call, CountingHasher, dataOf, errorOf, fieldCodes, usersTable } from '../helpers/accounts'
import {
  appWindow,
  CHEAP_HASHING,
  makeTestCore,
  signUpInput,
  STRONG_PASSWORD,
  withFirstAdmin,
  type TestCore
} from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

async function openCore(settings: Parameters<typeof makeTestCore>[0] = {}): Promise<TestCore> {
  core = makeTestCore(settings)
  await withFirstAdmin(core)
  return core
}

const signUp = (input: Record<string, unknown>, windowId = 'w1') => call(core, appWindow(windowId), 'signUp', input)

describe('first run', () => {
  it('refuses sign-up while no administrator exists, and creates nothing', async () => {
    core = makeTestCore()
    expect(dataOf(await call(core, appWindow(), 'getSession', {}))).toMatchObject({ user: null, firstRun: true })
    expect(errorOf(await signUp(signUpInput('alice')))).toMatchObject({ code: 'first_run_pending' })
    expect(usersTable(core)).toEqual([])
  })

  it('creates the first administrator once, signed in, then refuses another', async () => {
    core = makeTestCore()
    const session = dataOf(await call(core, appWindow('a'), 'createFirstAdmin', signUpInput('root')))
    expect(session).toMatchObject({ user: { username: 'root', isAdmin: true }, firstRun: false })
    const again = await call(core, appWindow('b'), 'createFirstAdmin', signUpInput('intruder'))
    expect(errorOf(again)).toMatchObject({ code: 'first_run_over' })
    expect(usersTable(core)).toHaveLength(1)
    expect(dataOf(await call(core, appWindow('b'), 'getSession', {}))).toMatchObject({ user: null })
  })

  it('validates the first administrator like any account', async () => {
    core = makeTestCore()
    const result = await call(core, appWindow(), 'createFirstAdmin', signUpInput('root', 'password1'))
    expect(fieldCodes(result)).toEqual({ password: ['password_too_common'] })
    expect(usersTable(core)).toEqual([])
  })
})

describe('sign-up', () => {
  it('creates an ordinary account and signs the window in, greeting the user by name as typed', async () => {
    await openCore()
    const session = dataOf(await signUp(signUpInput('Alice')))
    expect(session.user).toEqual({
      id: expect.any(Number),
      username: 'Alice',
      email: 'alice@example.com',
      isAdmin: false,
      mustChangePassword: false,
      passwordManagedByDirectory: false
    })
    expect(session).toMatchObject({ endedBecause: null, firstRun: false })
    expect(dataOf(await call(core, appWindow(), 'getSession', {}))).toMatchObject({ user: { username: 'Alice' } })
    expect(dataOf(await call(core, appWindow('other'), 'getSession', {}))).toMatchObject({ user: null })
  })

  it('accepts a 150-character username and refuses 151 with username_too_long', async () => {
    await openCore()
    const tooLong = await signUp({ ...signUpInput('x'), username: 'a'.repeat(151) })
    expect(fieldCodes(tooLong)).toEqual({ username: ['username_too_long'] })
    expect(errorOf(tooLong).fields?.username[0].params).toEqual({ max: 150, length: 151 })
    dataOf(await signUp({ ...signUpInput('x'), username: 'a'.repeat(150) }))
  })

  it('refuses disallowed characters with username_invalid and an empty name with username_required', async () => {
    await openCore()
    expect(fieldCodes(await signUp({ ...signUpInput('x'), username: 'bob smith' }))).toEqual({
      username: ['username_invalid']
    })
    expect(fieldCodes(await signUp({ ...signUpInput('x'), username: '<script>' }))).toEqual({
      username: ['username_invalid']
    })
    expect(fieldCodes(await signUp({ ...signUpInput('x'), username: '' }))).toEqual({ username: ['username_required'] })
    expect(usersTable(core)).toHaveLength(1)
  })

  it('stores the NFKC form: fullwidth ａｌｉｃｅ becomes alice', async () => {
    await openCore()
    const session = dataOf(await signUp({ ...signUpInput('x'), username: 'ａｌｉｃｅ' }))
    expect(session.user?.username).toBe('alice')
  })

  it('treats the NFKC form as the same name: fullwidth ａｌｉｃｅ collides with alice', async () => {
    await openCore()
    dataOf(await signUp(signUpInput('alice')))
    const clash = await signUp({ ...signUpInput('x'), username: 'ａｌｉｃｅ' }, 'w2')
    expect(fieldCodes(clash)).toEqual({ username: ['username_taken'] })
  })

  it('refuses a username differing only in case with username_taken', async () => {
    await openCore()
    dataOf(await signUp(signUpInput('Alice')))
    for (const name of ['alice', 'ALICE', 'aLiCe']) {
      expect(fieldCodes(await signUp({ ...signUpInput('x'), username: name }, 'w2')), name).toEqual({
        username: ['username_taken']
      })
    }
    expect(usersTable(core)).toHaveLength(2)
  })

  it('refuses an invalid email with email_invalid, and a missing one with email_required', async () => {
    await openCore()
    expect(fieldCodes(await signUp({ ...signUpInput('alice'), email: 'alice-at-example' }))).toEqual({
      email: ['email_invalid']
    })
    expect(fieldCodes(await signUp({ ...signUpInput('alice'), email: '' }))).toEqual({ email: ['email_required'] })
  })

  it('refuses an email already used, ignoring case', async () => {
    await openCore()
    dataOf(await signUp(signUpInput('alice')))
    const clash = await signUp({ ...signUpInput('bob'), email: 'ALICE@Example.com' }, 'w2')
    expect(fieldCodes(clash)).toEqual({ email: ['email_taken'] })
  })

  it('refuses a username that is someone’s email address, which would capture their login by email', async () => {
    await openCore()
    dataOf(await signUp(signUpInput('alice')))
    const squatter = await signUp({ ...signUpInput('mallory'), username: 'Alice@Example.com' }, 'w2')
    expect(fieldCodes(squatter)).toEqual({ username: ['username_taken'] })
    const login = await call(core, appWindow('w3'), 'logIn', {
      identifier: 'alice@example.com',
      password: STRONG_PASSWORD
    })
    expect(dataOf(login).user?.username).toBe('alice')
  })

  it('refuses an email address that is someone’s username', async () => {
    await openCore()
    dataOf(await signUp({ ...signUpInput('x'), username: 'bob@example.org', email: 'bob.smith@example.com' }))
    const clash = await signUp({ ...signUpInput('robert'), email: 'BOB@example.org' }, 'w2')
    expect(fieldCodes(clash)).toEqual({ email: ['email_taken'] })
  })

  it('refuses a confirmation that does not match', async () => {
    await openCore()
    const result = await signUp({ ...signUpInput('alice'), passwordConfirmation: `${STRONG_PASSWORD}!` })
    expect(fieldCodes(result)).toEqual({ passwordConfirmation: ['password_mismatch'] })
    expect(usersTable(core)).toHaveLength(1)
  })

  it('reports every field error together, each with a stable code and a message', async () => {
    await openCore()
    const result = await signUp({
      username: 'bad name',
      email: 'nope',
      password: '1234567',
      passwordConfirmation: '7654321'
    })
    expect(errorOf(result)).toMatchObject({ code: 'validation_failed' })
    expect(fieldCodes(result)).toEqual({
      username: ['username_invalid'],
      email: ['email_invalid'],
      password: ['password_too_short', 'password_too_common', 'password_entirely_numeric'],
      passwordConfirmation: ['password_mismatch']
    })
    for (const errors of Object.values(errorOf(result).fields ?? {})) {
      for (const error of errors) expect(error.message.length).toBeGreaterThan(5)
    }
  })

  it('refuses a password similar to the new username or email', async () => {
    await openCore()
    const result = await signUp({
      ...signUpInput('margaret'),
      password: 'margaret1955',
      passwordConfirmation: 'margaret1955'
    })
    expect(fieldCodes(result)).toEqual({ password: ['password_too_similar'] })
  })

  it('refuses a 1,025-character password with password_too_long before hashing anything', async () => {
    await openCore()
    const password = 'Kq7!'.repeat(256) + 'x'
    const viaRouter = await signUp(signUpInput('alice', password))
    expect(fieldCodes(viaRouter)).toEqual({ password: ['password_too_long'] })

    const hasher = new CountingHasher(CHEAP_HASHING)
    const accounts = accountsWithHasher(core, hasher)
    await expect(accounts.signUp(signUpInput('alice', password), 'w1')).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { password: [expect.objectContaining({ code: 'password_too_long' })] }
    })
    expect(hasher.hashCount).toBe(0)
    expect(usersTable(core)).toHaveLength(1)
  })

  it('creates the account and its audit event together or not at all', async () => {
    core = makeTestCore({}, { logError: () => {} })
    await withFirstAdmin(core)
    core.services.db.exec(
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events WHEN NEW.kind = 'sign_up' BEGIN SELECT RAISE(ABORT, 'audit full'); END`
    )
    expect(errorOf(await signUp(signUpInput('alice'))).code).toBe('internal_error')
    expect(usersTable(core)).toHaveLength(1)
    expect(dataOf(await call(core, appWindow(), 'getSession', {})).user).toBeNull()
  })

  it('creates the account and signs it in together: a session that cannot be written leaves the name free', async () => {
    core = makeTestCore({}, { logError: () => {} })
    await withFirstAdmin(core)
    const signedIn = dataOf(await signUp(signUpInput('bob'), 'w1'))
    expect(signedIn.user?.username).toBe('bob')
    core.services.db.exec(
      `CREATE TEMP TRIGGER refuse_sessions BEFORE INSERT ON main.sessions BEGIN SELECT RAISE(ABORT, 'disk full'); END`
    )
    // The window held bob's session: a sign-up that fails ends nothing and makes nothing.
    expect(errorOf(await signUp(signUpInput('alice'), 'w1')).code).toBe('internal_error')
    expect(usersTable(core)).toHaveLength(2)
    expect(dataOf(await call(core, appWindow('w1'), 'getSession', {})).user?.username).toBe('bob')

    core.services.db.exec('DROP TRIGGER temp.refuse_sessions')
    const session = dataOf(await signUp(signUpInput('alice'), 'w2'))
    expect(session.user?.username).toBe('alice')
    // The folded forms and the skeleton came with the INSERT, as the triggers would have made them.
    expect(
      core.services.db
        .prepare(
          `SELECT name_fold = fold_key(username) AND email_fold = fold_key(email)
             AND username_skeleton = username_skeleton(username_key) AS same FROM users WHERE username = 'alice'`
        )
        .get()
    ).toEqual({ same: 1 })
  })

  it('accepts a 1,024-character password', async () => {
    await openCore()
    dataOf(await signUp(signUpInput('alice', 'Kq7!'.repeat(256))))
  })
})

describe('validators follow the settings', () => {
  it('a validator switched off lets its password through', async () => {
    await openCore({ passwordValidators: { numeric: { enabled: false } } })
    dataOf(await signUp(signUpInput('alice', '80417265390')))
    const rules = dataOf(await call(core, appWindow(), 'getPasswordRules', {}))
    expect(rules.map((rule) => rule.code)).not.toContain('password_entirely_numeric')
  })

  it('a configured minimum length applies and its help text says so', async () => {
    await openCore({ passwordValidators: { minimumLength: { minLength: 16 } } })
    const result = await signUp(signUpInput('alice', 'violet-Anchor-9'))
    expect(fieldCodes(result)).toEqual({ password: ['password_too_short'] })
    const rules = dataOf(await call(core, appWindow(), 'getPasswordRules', {}))
    expect(rules.find((rule) => rule.code === 'password_too_short')?.helpText).toContain('16 characters')
  })

  it('getPasswordRules gives guests the help text of every rule', async () => {
    core = makeTestCore()
    const rules = dataOf(await call(core, appWindow(), 'getPasswordRules', {}))
    expect(rules.map((rule) => rule.code)).toEqual([
      'password_too_short',
      'password_too_similar',
      'password_too_common',
      'password_entirely_numeric',
      'password_too_long'
    ])
    expect(rules.every((rule) => rule.helpText.length > 0)).toBe(true)
  })
})
