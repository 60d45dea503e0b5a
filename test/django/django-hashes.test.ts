import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { legacyAlgorithm, verifyLegacyHash } from '../../src/main/core/passwords/django-hashes'
import { PasswordHasher } from '../../src/main/core/passwords/hasher'
import { CHEAP_HASHING } from '../helpers/core'
import { DJANGO_DUMPDATA, HASH_ALGORITHM, IMPORTED_WITH_PASSWORD, type ImportedName } from '../helpers/django-fixtures'

/** The hashes Django 3.2 wrote into the dumpdata fixture, by username. */
const djangoHashes = new Map(
  (JSON.parse(readFileSync(DJANGO_DUMPDATA, 'utf8')) as { fields: { username: string; password: string } }[]).map(
    (record) => [record.fields.username, record.fields.password]
  )
)
const hashOf = (username: ImportedName): string => djangoHashes.get(username) as string

/** One user per format the fixture holds (frank_old: pbkdf2_sha256 with Django 1.11's 36,000 iterations). */
const FORMATS: ImportedName[] = ['alice', 'bob_sha1', 'carol_argon', 'dave_bcrypt', 'erin_bcrypt', 'frank_old']

const hasher = new PasswordHasher(CHEAP_HASHING)

describe('Django hashes, verified as Django wrote them', () => {
  it.each(FORMATS)('%s: the right password verifies, a wrong one does not', async (username) => {
    const hash = hashOf(username)
    const password = IMPORTED_WITH_PASSWORD[username]
    expect(legacyAlgorithm(hash)).toBe(HASH_ALGORITHM[username])
    expect(await hasher.verify(hash, password)).toBe(true)
    expect(await hasher.verify(hash, `${password} `)).toBe(false)
    expect(await hasher.verify(hash, password.toLowerCase())).toBe(false)
    expect(hasher.needsRehash(hash)).toBe(true)
  })

  it('verifies pbkdf2 at whatever iteration count the hash records', async () => {
    expect(hashOf('frank_old')).toMatch(/^pbkdf2_sha256\$36000\$/)
    expect(hashOf('alice')).toMatch(/^pbkdf2_sha256\$260000\$/)
    // The same salt and hash under another count is another hash: it must not verify.
    const recounted = hashOf('frank_old').replace('$36000$', '$36001$')
    expect(await verifyLegacyHash(recounted, IMPORTED_WITH_PASSWORD.frank_old)).toBe(false)
  })

  it('refuses a tampered hash', async () => {
    for (const username of FORMATS) {
      // A character well inside the hash (base64's last one may carry only padding bits).
      const hash = hashOf(username)
      const at = hash.length - 6
      const tampered = `${hash.slice(0, at)}${hash[at] === 'A' ? 'B' : 'A'}${hash.slice(at + 1)}`
      expect(await verifyLegacyHash(tampered, IMPORTED_WITH_PASSWORD[username]), username).toBe(false)
    }
  })

  it('knows only the formats it can verify, within sane costs', () => {
    const pbkdf2 = hashOf('alice')
    const bcrypt = hashOf('erin_bcrypt')
    for (const unknown of [
      '',
      '!xJniZ7tjjvuc3GKooUO0JXqvrq65n3idD9l7Kzwc',
      'md5$salt$5f4dcc3b5aa765d61d8327deb882cf99',
      'sha1$salt$5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8',
      'scrypt$16384$salt$8$1$Tg==',
      '5f4dcc3b5aa765d61d8327deb882cf99',
      '$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
      pbkdf2.replace('$260000$', '$99999999$'),
      pbkdf2.replace('$260000$', '$0$'),
      pbkdf2.slice(0, -8),
      bcrypt.replace('$12$', '$31$'),
      hashOf('carol_argon').replace('m=102400', 'm=99999999')
    ]) {
      expect(legacyAlgorithm(unknown), unknown).toBeNull()
    }
  })

  it('answers false, not an exception, for what it does not know', async () => {
    expect(await verifyLegacyHash('md5$salt$5f4dcc3b5aa765d61d8327deb882cf99', 'password')).toBe(false)
    expect(await hasher.verify('md5$salt$5f4dcc3b5aa765d61d8327deb882cf99', 'password')).toBe(false)
    expect(await hasher.verify('!unusable', '!unusable')).toBe(false)
  })
})
