import { describe, expect, it } from 'vitest'
import { PasswordHasher } from '../../src/main/core/passwords/hasher'
import { writeTransaction } from '../../src/main/db/database'
import {
  call,
  CountingHasher,
  dataOf,
  errorOf,
  passwordHashOf,
  phcParameters,
  signInWithHasher
} from '../helpers/accounts'
import { appWindow, CHEAP_HASHING, openTestCore, signUpInput, STRONG_PASSWORD } from '../helpers/core'
import { coreWithAlice, disposedAfterEach, logIn } from '../helpers/login'

const { track } = disposedAfterEach()

/** alice signed up as "Alice" (in signup-window), so case-insensitive names are tried. */
const ALICE = { name: 'Alice', window: 'signup-window' }

describe('login', () => {
  it('works by username, ignoring case, and signs that window in', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    for (const [index, identifier] of ['Alice', 'alice', 'ALICE', 'ａｌｉｃｅ'].entries()) {
      const session = dataOf(await logIn(core, identifier, STRONG_PASSWORD, `w${index}`))
      expect(session.user, identifier).toMatchObject({ username: 'Alice' })
    }
    expect(dataOf(await call(core, appWindow('w0'), 'getSession', {})).user?.username).toBe('Alice')
  })

  it('works by email address, ignoring case', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    expect(dataOf(await logIn(core, 'alice@example.com', STRONG_PASSWORD, 'w1')).user?.username).toBe('Alice')
    expect(dataOf(await logIn(core, 'ALICE@Example.COM', STRONG_PASSWORD, 'w2')).user?.username).toBe('Alice')
  })

  it('takes the password exactly: another case is a wrong password', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD.toUpperCase(), 'w1')).code).toBe('invalid_credentials')
  })

  it('gives one generic error for a wrong password, an unknown user and an inactive account', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    dataOf(await call(core, appWindow('bob-window'), 'signUp', signUpInput('bob')))
    const bob = core.services.users.byUsernameKey('bob')
    core.services.users.update(bob!.id, { isActive: false })

    const wrongPassword = errorOf(await logIn(core, 'alice', 'not-her-password-42', 'w1'))
    const unknownUser = errorOf(await logIn(core, 'nobody', STRONG_PASSWORD, 'w1'))
    const inactiveWithRightPassword = errorOf(await logIn(core, 'bob', STRONG_PASSWORD, 'w1'))
    expect(wrongPassword).toEqual({ code: 'invalid_credentials', message: expect.any(String) })
    expect(unknownUser).toEqual(wrongPassword)
    expect(inactiveWithRightPassword).toEqual(wrongPassword)
    expect(dataOf(await call(core, appWindow('w1'), 'getSession', {})).user).toBeNull()
  })

  it('costs an unknown user one real verification against a hash with the configured parameters', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const hasher = new CountingHasher(CHEAP_HASHING)
    const signIn = signInWithHasher(core, hasher)
    const refused = { status: 'refused', error: { code: 'invalid_credentials' } }
    const window = { id: 'w1', replacing: null }

    expect(await signIn.logIn('alice', 'wrong-password-1', window)).toMatchObject(refused)
    expect(await signIn.logIn('nobody', 'wrong-password-1', window)).toMatchObject(refused)
    expect(await signIn.logIn('nobody@example.com', 'wrong-password-1', window)).toMatchObject(refused)

    const [known, unknown, unknownEmail] = hasher.verifiedAgainst
    expect(hasher.verifiedAgainst).toHaveLength(3)
    expect(known).toBe(passwordHashOf(core, 'Alice'))
    for (const dummy of [unknown, unknownEmail]) {
      expect(dummy).not.toBe(known)
      expect(phcParameters(dummy)).toBe(phcParameters(known))
    }
  })

  it('costs an inactive user the same one verification as anybody else', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const alice = core.services.users.byUsernameKey('alice')!
    core.services.users.update(alice.id, { isActive: false })
    const hasher = new CountingHasher(CHEAP_HASHING)
    expect(
      await signInWithHasher(core, hasher).logIn('alice', STRONG_PASSWORD, { id: 'w1', replacing: null })
    ).toMatchObject({ status: 'refused', error: { code: 'invalid_credentials' } })
    expect(hasher.verifiedAgainst).toEqual([passwordHashOf(core, 'Alice')])
  })

  it('records the login time of a successful login only', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const lastLogin = () => core.services.users.byUsernameKey('alice')?.lastLoginAt
    expect(lastLogin()).toBeNull()
    errorOf(await logIn(core, 'alice', 'wrong-password-1', 'w1'))
    expect(lastLogin()).toBeNull()
    core.clock.advanceSeconds(60)
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w1'))
    expect(lastLogin()).toBe(core.clock.now())
  })

  it('replaces the window’s previous session when it logs in again', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w1'))
    const first = core.router.windows.token('w1')!
    dataOf(await logIn(core, 'admin', STRONG_PASSWORD, 'w1'))
    expect(core.services.sessions.check(first, 'w1').status).toBe('ended')
    expect(dataOf(await call(core, appWindow('w1'), 'getSession', {})).user?.username).toBe('admin')
  })
})

describe('rehash on login', () => {
  it('upgrades the stored hash to new parameters on the next successful login, and only then', async () => {
    const old = track(await coreWithAlice({}, ALICE))
    const before = passwordHashOf(old, 'Alice')
    expect(phcParameters(before)).toBe('$argon2id$v=19$m=1024,t=1,p=1')
    old.close()

    const upgraded = openTestCore(old.dataDir, {
      passwordHashing: { memoryCostInKiB: 2048, timeCost: 2, parallelism: 1 }
    })
    track(upgraded)
    errorOf(await logIn(upgraded, 'alice', 'wrong-password-1', 'w1'))
    expect(passwordHashOf(upgraded, 'Alice')).toBe(before)

    dataOf(await logIn(upgraded, 'alice', STRONG_PASSWORD, 'w1'))
    const after = passwordHashOf(upgraded, 'Alice')
    expect(phcParameters(after)).toBe('$argon2id$v=19$m=2048,t=2,p=1')

    dataOf(await logIn(upgraded, 'alice', STRONG_PASSWORD, 'w2'))
    expect(passwordHashOf(upgraded, 'Alice')).toBe(after)
  })

  it('still logs in when another window’s login upgraded the hash while this one was verified', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const alice = core.services.users.byUsernameKey('alice')!
    const upgraded = await new PasswordHasher({ memoryCostInKiB: 2048, timeCost: 2, parallelism: 1 }).hash(
      STRONG_PASSWORD
    )
    const pending = logIn(core, 'alice', STRONG_PASSWORD, 'w1')
    // What the other window's login writes after its own verification: the same password, rehashed.
    core.services.users.replacePasswordHash(alice.id, alice.passwordHash as string, upgraded)
    expect(dataOf(await pending).user?.username).toBe('Alice')
  })

  it('does not log in with a password replaced while it was being verified', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const alice = core.services.users.byUsernameKey('alice')!
    const replacement = await core.services.hasher.hash('amber-Harbour-63-slowly')
    const pending = logIn(core, 'alice', STRONG_PASSWORD, 'w1')
    // An administrator sets a temporary password before the verification above finishes.
    core.clock.advanceSeconds(1)
    writeTransaction(core.services.db, () =>
      core.services.accounts.setPassword(alice.id, replacement, { mustChange: true })
    )
    expect(errorOf(await pending).code).toBe('invalid_credentials')
    expect(dataOf(await logIn(core, 'alice', 'amber-Harbour-63-slowly', 'w2')).user?.mustChangePassword).toBe(true)
  })

  it('leaves a hash with the current parameters alone', async () => {
    const core = track(await coreWithAlice({}, ALICE))
    const before = passwordHashOf(core, 'Alice')
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD, 'w1'))
    expect(passwordHashOf(core, 'Alice')).toBe(before)
  })
})
