import argon2 from 'argon2'
import bcrypt from 'bcryptjs'
import { createHash, pbkdf2, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

/**
 * Password hashes brought in from Django (`npm run import-django`), kept exactly as Django stored
 * them and verified here until their owner's first login replaces them with argon2id. Each is
 * verified with its own parameters: nothing is re-encoded at import, so nobody must reset.
 */
export const LEGACY_ALGORITHMS = ['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'bcrypt'] as const
export type LegacyAlgorithm = (typeof LEGACY_ALGORITHMS)[number]

const pbkdf2Async = promisify(pbkdf2)

// Ceilings well above anything Django ever produced (pbkdf2: 1.2 million in Django 5.2; argon2:
// 100 MiB; bcrypt: 12), so a doctored database cannot make one login take minutes or gigabytes.
const MAX_PBKDF2_ITERATIONS = 10_000_000
const MAX_ARGON2_MEMORY_IN_KIB = 4 * 1024 * 1024
const MAX_BCRYPT_COST = 16

// Django's encodings: `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`,
// `argon2$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>` (a PHC string without its leading `$`),
// `bcrypt_sha256$$2b$12$…` and `bcrypt$$2b$12$…` (a bcrypt string after the name).
const pbkdf2Pattern = /^(pbkdf2_sha256|pbkdf2_sha1)\$([1-9]\d{0,8})\$([^$]+)\$([A-Za-z0-9+/]+={0,2})$/
const argon2Pattern =
  /^argon2(\$argon2(?:id|i|d)\$v=19\$m=(\d{1,10}),t=\d{1,4},p=\d{1,3}\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+)$/
const bcryptPattern = /^(bcrypt_sha256|bcrypt)\$(\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53})$/

const digestSizes = { pbkdf2_sha256: 32, pbkdf2_sha1: 20 } as const

/**
 * The Django algorithm of a stored hash this module can verify, or null: for this app's own
 * argon2id PHC strings, for hashes Django can make but nobody here can check (md5, scrypt…),
 * and for parameters past the ceilings above.
 */
export function legacyAlgorithm(encoded: string): LegacyAlgorithm | null {
  const pbkdf2Match = pbkdf2Pattern.exec(encoded)
  if (pbkdf2Match) {
    const iterations = Number(pbkdf2Match[2])
    const length = Buffer.from(pbkdf2Match[4], 'base64').length
    const algorithm = pbkdf2Match[1] as keyof typeof digestSizes
    return iterations <= MAX_PBKDF2_ITERATIONS && length === digestSizes[algorithm] ? algorithm : null
  }
  const argon2Match = argon2Pattern.exec(encoded)
  if (argon2Match) return Number(argon2Match[2]) <= MAX_ARGON2_MEMORY_IN_KIB ? 'argon2' : null
  const bcryptMatch = bcryptPattern.exec(encoded)
  if (bcryptMatch) return Number(bcryptMatch[3]) <= MAX_BCRYPT_COST ? (bcryptMatch[1] as LegacyAlgorithm) : null
  return null
}

/**
 * What a legacy hash costs to verify depends only on its algorithm and parameters: hashes of one
 * class (e.g. `pbkdf2_sha256$260000`) cost the same, so one of each is enough to measure.
 */
export function legacyCostClass(encoded: string): string | null {
  const algorithm = legacyAlgorithm(encoded)
  if (algorithm === null) return null
  if (algorithm === 'argon2') return `argon2$${encoded.split('$')[3]}`
  if (algorithm === 'bcrypt' || algorithm === 'bcrypt_sha256') return `${algorithm}$${encoded.split('$')[3]}`
  return `${algorithm}$${encoded.split('$')[1]}`
}

/** Whether a stored hash is a Django one (verified here), not this app's argon2id. */
export const isLegacyHash = (encoded: string): boolean => legacyAlgorithm(encoded) !== null

/** As Django's `check_password` for the algorithms above: false for a wrong password or anything unknown. */
export async function verifyLegacyHash(encoded: string, password: string): Promise<boolean> {
  try {
    switch (legacyAlgorithm(encoded)) {
      case 'pbkdf2_sha256':
      case 'pbkdf2_sha1':
        return await verifyPbkdf2(encoded, password)
      case 'argon2':
        return await argon2.verify(encoded.slice('argon2'.length), password)
      case 'bcrypt_sha256':
        // Django hashes the password first (hex SHA-256), so bcrypt's 72-byte limit cuts nothing.
        return await bcrypt.compare(createHash('sha256').update(password, 'utf8').digest('hex'), bcryptPart(encoded))
      case 'bcrypt':
        return await bcrypt.compare(password, bcryptPart(encoded))
      case null:
        return false
    }
  } catch {
    return false
  }
}

async function verifyPbkdf2(encoded: string, password: string): Promise<boolean> {
  const [algorithm, iterations, salt, hash] = encoded.split('$')
  const expected = Buffer.from(hash, 'base64')
  const digest = algorithm === 'pbkdf2_sha1' ? 'sha1' : 'sha256'
  // Django encodes both password and salt as UTF-8; so does Node for strings.
  const actual = await pbkdf2Async(password, salt, Number(iterations), expected.length, digest)
  return timingSafeEqual(actual, expected)
}

const bcryptPart = (encoded: string): string => encoded.slice(encoded.indexOf('$') + 1)
