import { afterEach, describe, expect, it } from 'vitest'
import { importDjangoUsers } from '../../scripts/lib/django-import'
import { readDjangoUsers } from '../../scripts/lib/django-source'
import { dataOf, errorOf, passwordHashOf } from '../helpers/accounts'
import { makeTestCore, type TestCore } from '../helpers/core'
import { logIn } from '../helpers/login'
import { CAN_LOG_IN, DJANGO_SQLITE, HASH_ALGORITHM, IMPORTED_WITH_PASSWORD, UNUSABLE } from '../helpers/django-fixtures'
import { auditOf, confirmReset, latestCode, NEW_PASSWORD, requestReset } from '../helpers/reset'

const cores: TestCore[] = []
afterEach(() => {
  for (const core of cores.splice(0)) core.dispose()
})

/** A fresh data folder holding the Django fixture's users, as `npm run import-django` leaves it. */
function importedCore(): TestCore {
  const core = makeTestCore()
  cores.push(core)
  importDjangoUsers(core.services, readDjangoUsers(DJANGO_SQLITE), { staffAsAdmin: false })
  return core
}

const detailOf = (core: TestCore, username: string) =>
  core.services.admin.get(core.services.users.byUsernameKey(username.toLowerCase())?.id ?? 0)

// Each wrong password is held until the dearest stored Django hash would have answered (the
// failure floor, measured at start-up on this machine): slow when the machine is busy.
describe('logging in with a password hashed by Django', { timeout: 120_000 }, () => {
  it.each(CAN_LOG_IN)('%s: the Django password works, then the hash is argon2id', async (username) => {
    const core = importedCore()
    const password = IMPORTED_WITH_PASSWORD[username]
    const djangoHash = passwordHashOf(core, username)
    expect(djangoHash.startsWith(`${HASH_ALGORITHM[username]}$`)).toBe(true)
    expect(detailOf(core, username)).toMatchObject({
      source: 'django',
      legacyPasswordAlgorithm: HASH_ALGORITHM[username]
    })
    // The console learns the algorithm's name, never a part of the hash (its salt or digest).
    const shown = JSON.stringify(detailOf(core, username))
    const secretParts = djangoHash.split('$').filter((part) => part.length >= 16)
    expect(secretParts.length).toBeGreaterThan(0)
    for (const part of secretParts) expect(shown).not.toContain(part)

    // A wrong password, and the right one with another case, are refused; nothing is upgraded.
    expect(errorOf(await logIn(core, username, `${password}x`)).code).toBe('invalid_credentials')
    expect(errorOf(await logIn(core, username, password.toUpperCase())).code).toBe('invalid_credentials')
    expect(passwordHashOf(core, username)).toBe(djangoHash)

    const session = dataOf(await logIn(core, username, password))
    expect(session.user).toMatchObject({ username, isAdmin: username === 'admin' })
    const upgraded = passwordHashOf(core, username)
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/)
    expect(core.services.hasher.needsRehash(upgraded)).toBe(false)
    expect(detailOf(core, username)).toMatchObject({
      source: 'django',
      legacyPasswordAlgorithm: null,
      hasPassword: true
    })

    // The new hash is the same password: it works again, and a wrong one still fails.
    dataOf(await logIn(core, username, password, 'second-window'))
    expect(errorOf(await logIn(core, username, 'not-the-password-1')).code).toBe('invalid_credentials')
    expect(passwordHashOf(core, username)).toBe(upgraded)
  })

  it('an inactive Django user cannot log in, even with the right password, and keeps the Django hash', async () => {
    const core = importedCore()
    const djangoHash = passwordHashOf(core, 'heidi_inactive')
    const error = errorOf(await logIn(core, 'heidi_inactive', IMPORTED_WITH_PASSWORD.heidi_inactive))
    expect(error.code).toBe('invalid_credentials')
    expect(passwordHashOf(core, 'heidi_inactive')).toBe(djangoHash)
    expect(detailOf(core, 'heidi_inactive')).toMatchObject({
      isActive: false,
      legacyPasswordAlgorithm: 'pbkdf2_sha256'
    })
  })

  it('the upgrade lands with the login or not at all: a login that fails to record keeps the Django hash', async () => {
    const core = importedCore()
    const djangoHash = passwordHashOf(core, 'alice')
    // Sessions cannot be written (as a full disk would refuse): the login's transaction fails.
    core.services.db.exec(
      "CREATE TRIGGER refuse_sessions BEFORE INSERT ON sessions BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    const failed = await logIn(core, 'alice', IMPORTED_WITH_PASSWORD.alice)
    expect(failed.ok).toBe(false)
    expect(passwordHashOf(core, 'alice')).toBe(djangoHash)
    expect(auditOf(core, 'login')).toEqual([])

    core.services.db.exec('DROP TRIGGER refuse_sessions')
    dataOf(await logIn(core, 'alice', IMPORTED_WITH_PASSWORD.alice))
    expect(passwordHashOf(core, 'alice')).toMatch(/^\$argon2id\$/)
  })

  it('a Django user with an unusable password gets in only by a password reset', async () => {
    const core = importedCore()
    expect(detailOf(core, UNUSABLE.username)).toMatchObject({
      source: 'django',
      hasPassword: false,
      legacyPasswordAlgorithm: null
    })
    for (const guess of ['', '!', 'grace', IMPORTED_WITH_PASSWORD.alice]) {
      expect(errorOf(await logIn(core, UNUSABLE.username, guess)).code).toBe('invalid_credentials')
    }

    expect((await requestReset(core, UNUSABLE.email)).ok).toBe(true)
    expect((await confirmReset(core, await latestCode(core, UNUSABLE.email))).ok).toBe(true)
    const session = dataOf(await logIn(core, UNUSABLE.username, NEW_PASSWORD))
    expect(session.user?.username).toBe(UNUSABLE.username)
    expect(detailOf(core, UNUSABLE.username)).toMatchObject({ hasPassword: true, legacyPasswordAlgorithm: null })
  })
})
