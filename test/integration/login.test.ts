import { afterEach, describe, expect, it } from 'vitest'
import {
  accountsWithHasher,
  call,
  CountingHasher,
  dataOf,
  errorOf,
  passwordHashOf,
  phcParameters,
  usersTable
} from '../helpers/accounts'
import {
  appWindow,
  CHEAP_HASHING,
  makeTestCore,
  openTestCore,
  signUpInput,
  STRONG_PASSWORD,
  withUser,
  type TestCore
} from '../helpers/core'

const cores: TestCore[] = []
afterEach(() => {
  for (const core of cores.splice(0).reverse()) core.dispose()
})

async function coreWithAlice(settings: Parameters<typeof makeTestCore>[0] = {}): Promise<TestCore> {
  const core = makeTestCore(settings)
  cores.push(core)
  await withUser(core, 'Alice', 'signup-window')
  return core
}

const logIn = (core: TestCore, identifier: string, password: string, windowId = 'w1') =>
  call(core, appWindow(windowId), 'logIn', { identifier, password })

describe('login', () => {
  it('works by username, ignoring case, and signs that window in', async () => {
    const core = await coreWithAlice()
    for (const [index, identifier] of ['Alice', 'alice', 'ALICE', 'ａｌｉｃｅ'].entries()) {
      const session = dataOf(await logIn(core, identifier, STRONG_PASSWORD, `w${index}`))
      expect(session.user, identifier).toMatchObject({ username: 'Alice' })
    }
    expect(dataOf(await call(core, appWindow('w0'), 'getSession', {})).user?.username).toBe('Alice')
  })

  it('works by email address, ignoring case', async () => {
    const core = await coreWithAlice()
    expect(dataOf(await logIn(core, 'alice@example.com', STRONG_PASSWORD)).user?.username).toBe('Alice')
    expect(dataOf(await logIn(core, 'ALICE@Example.COM', STRONG_PASSWORD, 'w2')).user?.username).toBe('Alice')
  })

  it('takes the password exactly: another case is a wrong password', async () => {
    const core = await coreWithAlice()
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD.toUpperCase())).code).toBe('invalid_credentials')
  })

  it('gives one generic error for a wrong password, an unknown user and an inactive account', async () => {
    const core = await coreWithAlice()
    dataOf(await call(core, appWindow('bob-window'), 'signUp', signUpInput('bob')))
    const bob = core.services.users.byUsernameKey('bob')
    core.services.users.update(bob!.id, { isActive: false })

    const wrongPassword = errorOf(await logIn(core, 'alice', 'not-her-password-42'))
    const unknownUser = errorOf(await logIn(core, 'nobody', STRONG_PASSWORD))
    const inactiveWithRightPassword = errorOf(await logIn(core, 'bob', STRONG_PASSWORD))
    expect(wrongPassword).toEqual({ code: 'invalid_credentials', message: expect.any(String) })
    expect(unknownUser).toEqual(wrongPassword)
    expect(inactiveWithRightPassword).toEqual(wrongPassword)
    expect(dataOf(await call(core, appWindow('w1'), 'getSession', {})).user).toBeNull()
  })

  it('costs an unknown user one real verification against a hash with the configured parameters', async () => {
    const core = await coreWithAlice()
    const hasher = new CountingHasher(CHEAP_HASHING)
    const accounts = accountsWithHasher(core, hasher)

    await expect(accounts.logIn('alice', 'wrong-password-1', 'w1')).rejects.toMatchObject({ code: 'invalid_credentials' })
    await expect(accounts.logIn('nobody', 'wrong-password-1', 'w1')).rejects.toMatchObject({ code: 'invalid_credentials' })
    await expect(accounts.logIn('nobody@example.com', 'wrong-password-1', 'w1')).rejects.toMatchObject({
      code: 'invalid_credentials'
    })

    const [known, unknown, unknownEmail] = hasher.verifiedAgainst
    expect(hasher.verifiedAgainst).toHaveLength(3)
    expect(known).toBe(passwordHashOf(core, 'Alice'))
    for (const dummy of [unknown, unknownEmail]) {
      expect(dummy).not.toBe(known)
      expect(phcParameters(dummy)).toBe(phcParameters(known))
    }
  })

  it('costs an inactive user the same one verification as anybody else', async () => {
    const core = await coreWithAlice()
    const alice = core.services.users.byUsernameKey('alice')!
    core.services.users.update(alice.id, { isActive: false })
    const hasher = new CountingHasher(CHEAP_HASHING)
    await expect(accountsWithHasher(core, hasher).logIn('alice', STRONG_PASSWORD, 'w1')).rejects.toMatchObject({
      code: 'invalid_credentials'
    })
    expect(hasher.verifiedAgainst).toEqual([passwordHashOf(core, 'Alice')])
  })

  it('records the login time of a successful login only', async () => {
    const core = await coreWithAlice()
    const lastLogin = () => core.services.users.byUsernameKey('alice')?.lastLoginAt
    expect(lastLogin()).toBeNull()
    errorOf(await logIn(core, 'alice', 'wrong-password-1'))
    expect(lastLogin()).toBeNull()
    core.clock.advanceSeconds(60)
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD))
    expect(lastLogin()).toBe(core.clock.now())
  })

  it('replaces the window’s previous session when it logs in again', async () => {
    const core = await coreWithAlice()
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD))
    const first = core.router.windows.token('w1')!
    dataOf(await logIn(core, 'admin', STRONG_PASSWORD))
    expect(core.services.sessions.check(first, 'w1').status).toBe('ended')
    expect(dataOf(await call(core, appWindow('w1'), 'getSession', {})).user?.username).toBe('admin')
  })
})

describe('rehash on login', () => {
  it('upgrades the stored hash to new parameters on the next successful login, and only then', async () => {
    const old = await coreWithAlice()
    const before = passwordHashOf(old, 'Alice')
    expect(phcParameters(before)).toBe('$argon2id$v=19$m=1024,t=1,p=1')
    old.close()

    const upgraded = openTestCore(old.dataDir, { passwordHashing: { memoryCostInKiB: 2048, timeCost: 2, parallelism: 1 } })
    cores.push(upgraded)
    errorOf(await logIn(upgraded, 'alice', 'wrong-password-1'))
    expect(passwordHashOf(upgraded, 'Alice')).toBe(before)

    dataOf(await logIn(upgraded, 'alice', STRONG_PASSWORD))
    const after = passwordHashOf(upgraded, 'Alice')
    expect(phcParameters(after)).toBe('$argon2id$v=19$m=2048,t=2,p=1')

    dataOf(await logIn(upgraded, 'alice', STRONG_PASSWORD, 'w2'))
    expect(passwordHashOf(upgraded, 'Alice')).toBe(after)
  })

  it('leaves a hash with the current parameters alone', async () => {
    const core = await coreWithAlice()
    const before = passwordHashOf(core, 'Alice')
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD))
    expect(passwordHashOf(core, 'Alice')).toBe(before)
  })
})

describe('lockout after repeated failures', () => {
  const fail = (core: TestCore, identifier: string) => logIn(core, identifier, 'wrong-password-1')

  it('locks a known username after 5 failures in a row, even against the right password', async () => {
    const core = await coreWithAlice()
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(errorOf(await fail(core, 'alice')).code, `attempt ${attempt}`).toBe('invalid_credentials')
    }
    const locked = errorOf(await fail(core, 'alice'))
    expect(locked).toMatchObject({ code: 'locked_out', params: { minutes: 15 } })
    expect(locked.message).toMatch(/15 minutes/)
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD)).code).toBe('locked_out')
    expect(dataOf(await call(core, appWindow('w1'), 'getSession', {})).user).toBeNull()
  })

  it('gives an unknown username exactly the same answers, so a lock reveals nothing', async () => {
    const core = await coreWithAlice()
    const known: unknown[] = []
    const unknown: unknown[] = []
    for (let attempt = 1; attempt <= 6; attempt++) {
      known.push(errorOf(await fail(core, 'alice')))
      unknown.push(errorOf(await fail(core, 'ghost')))
    }
    expect(unknown).toEqual(known)
    expect((unknown[5] as { code: string }).code).toBe('locked_out')
  })

  it('counts failures by username and by email against the same account', async () => {
    const core = await coreWithAlice()
    for (const identifier of ['alice', 'alice@example.com', 'ALICE', 'Alice@Example.com']) {
      expect(errorOf(await fail(core, identifier)).code).toBe('invalid_credentials')
    }
    expect(errorOf(await fail(core, 'alice@example.com')).code).toBe('locked_out')
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD)).code).toBe('locked_out')
  })

  it('locks only the username that failed', async () => {
    const core = await coreWithAlice()
    for (let attempt = 1; attempt <= 5; attempt++) await fail(core, 'alice')
    expect(dataOf(await logIn(core, 'admin', STRONG_PASSWORD)).user?.username).toBe('admin')
  })

  it('ends after the lock duration', async () => {
    const core = await coreWithAlice()
    for (let attempt = 1; attempt <= 5; attempt++) await fail(core, 'alice')
    core.clock.advanceSeconds(15 * 60 - 1)
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD)).code).toBe('locked_out')
    core.clock.advanceSeconds(1)
    expect(dataOf(await logIn(core, 'alice', STRONG_PASSWORD)).user?.username).toBe('Alice')
  })

  it('starts a fresh count once a lock has run out', async () => {
    const core = await coreWithAlice()
    for (let attempt = 1; attempt <= 5; attempt++) await fail(core, 'alice')
    core.clock.advanceSeconds(15 * 60)
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(errorOf(await fail(core, 'alice')).code, `attempt ${attempt} after the lock`).toBe('invalid_credentials')
    }
    expect(errorOf(await fail(core, 'alice')).code).toBe('locked_out')
  })

  it('is reset by a successful login', async () => {
    const core = await coreWithAlice()
    for (let attempt = 1; attempt <= 4; attempt++) await fail(core, 'alice')
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD))
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(errorOf(await fail(core, 'alice')).code, `attempt ${attempt} after success`).toBe('invalid_credentials')
    }
  })

  it('follows the configured limit and duration', async () => {
    const core = await coreWithAlice({ lockout: { maxFailures: 2, durationInSeconds: 60 } })
    expect(errorOf(await fail(core, 'alice')).code).toBe('invalid_credentials')
    expect(errorOf(await fail(core, 'alice'))).toMatchObject({ code: 'locked_out', params: { minutes: 1 } })
    core.clock.advanceSeconds(60)
    dataOf(await logIn(core, 'alice', STRONG_PASSWORD))
  })

  it('changes no account while refusing', async () => {
    const core = await coreWithAlice()
    const before = usersTable(core)
    for (let attempt = 1; attempt <= 7; attempt++) await fail(core, 'alice')
    expect(usersTable(core)).toEqual(before)
  })
})
