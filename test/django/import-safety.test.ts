import { afterEach, describe, expect, it } from 'vitest'
import { formatReport, importDjangoUsers } from '../../scripts/lib/django-import'
import { legacyAlgorithm } from '../../src/main/core/passwords/django-hashes'
import { call, errorOf } from '../helpers/accounts'
import { appWindow, makeTestCore, withFirstAdmin, type TestCore } from '../helpers/core'
import { djangoSource, djangoUser } from '../helpers/django-fixtures'

const cores: TestCore[] = []
afterEach(() => {
  for (const core of cores.splice(0)) core.dispose()
})

const SALT_AND_HASH = 'c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA'
/** Each a hash this app knows, at a cost past its ceiling (the attacks among them). */
const CRAFTED = {
  huge_memory: `argon2$argon2id$v=19$m=4194304,t=9999,p=1$${SALT_AND_HASH}`,
  many_lanes: `argon2$argon2id$v=19$m=65536,t=2,p=999$${SALT_AND_HASH}`,
  many_passes: `argon2$argon2id$v=19$m=65536,t=50,p=1$${SALT_AND_HASH}`,
  many_rounds: `pbkdf2_sha256$999999999$salt$${Buffer.alloc(32, 7).toString('base64')}`,
  dear_bcrypt: `bcrypt$$2b$16$${'a'.repeat(53)}`
}

describe('Django hashes past the cost ceilings', () => {
  it('are imported without a password, each named in the report with why', async () => {
    const core = makeTestCore()
    cores.push(core)
    await withFirstAdmin(core)
    const users = Object.entries(CRAFTED).map(([name, hash]) => djangoUser(name, hash))
    const report = importDjangoUsers(core.services, djangoSource(users), { staffAsAdmin: false })
    expect(report.imported.map((account) => account.password.kind)).toEqual(users.map(() => 'too_costly'))
    const stored = core.services.db
      .prepare("SELECT username, password_hash AS hash FROM users WHERE source = 'django' ORDER BY id")
      .all()
    expect(stored).toEqual(Object.keys(CRAFTED).map((username) => ({ username, hash: null })))
    const text = formatReport(report, { dryRun: false, dataDir: '/data' })
    expect(text).toContain(
      'huge_memory: user; password none (its Django argon2 hash costs more than this app runs: memory (KiB) 4194304, over 131072; time cost 9999, over 4)'
    )
    expect(text).toContain(
      'many_lanes: user; password none (its Django argon2 hash costs more than this app runs: parallelism 999, over 16)'
    )
    expect(text).toContain('can only get in by a password reset')
    expect(text).toMatch(/password reset .*: huge_memory, many_lanes, many_passes, many_rounds, dear_bcrypt/)
    // Nothing of them reaches the failure floor's measurement.
    await core.services.hasher.calibrateFailureFloor(() => core.services.users.legacyHashes())
    expect(core.services.hasher.failureFloorInMs).toBe(0)
  })

  it('stored anyway (an older import, a doctored file) are refused as a wrong password, never run', async () => {
    const core = makeTestCore({ lockout: { maxFailures: 100 } })
    cores.push(core)
    await withFirstAdmin(core)
    importDjangoUsers(core.services, djangoSource([djangoUser('mallory', '!unusable')]), { staffAsAdmin: false })
    const update = core.services.db.prepare('UPDATE users SET password_hash = ? WHERE username = ?')
    for (const hash of [...Object.values(CRAFTED), `$argon2id$v=19$m=4194304,t=9999,p=1$${SALT_AND_HASH}`]) {
      expect(legacyAlgorithm(hash)).toBeNull()
      update.run(hash, 'mallory')
      // Would run for hours with 4 GiB if it were verified: the test's time limit is the proof.
      await core.services.hasher.calibrateFailureFloor(() => core.services.users.legacyHashes())
      expect(core.services.hasher.failureFloorInMs).toBe(0)
      const refused = await call(core, appWindow('guess'), 'logIn', { identifier: 'mallory', password: 'anything-1' })
      expect(errorOf(refused).code).toBe('invalid_credentials')
      expect(core.services.hasher.busy).toBe(false)
    }
  })
})

describe('the import report', () => {
  it('shows control characters and bidi overrides escaped, and cuts very long names', async () => {
    const core = makeTestCore()
    cores.push(core)
    const users = [
      djangoUser('\u001b]0;owned\u0007\u001b[2Jclear', '!', {}),
      djangoUser('ok_user', '!', { firstName: 'Eve\u202egnp.exe', lastName: 'x'.repeat(10_000) }),
      djangoUser('x'.repeat(10_000), '!'),
      djangoUser('bad_email', '!', { email: 'a\u009b31m@\u2066example.com' })
    ]
    const text = formatReport(importDjangoUsers(core.services, djangoSource(users), { staffAsAdmin: false }), {
      dryRun: true,
      dataDir: '/data'
    })
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(text).toContain('\\u001b]0;owned\\u0007\\u001b[2Jclear')
    expect(text).toContain('Eve\\u202egnp.exe')
    expect(text).toContain('(10000 characters)')
    expect(text).toContain('a\\u009b31m@\\u2066example.com')
    expect(Math.max(...text.split('\n').map((line) => line.length))).toBeLessThan(1000)
  })
})
