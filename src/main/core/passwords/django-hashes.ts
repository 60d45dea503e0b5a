import argon2 from 'argon2'
import { createHash, pbkdf2, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { compareInWorker } from './bcrypt-worker'

/**
 * Password hashes brought in from Django (`npm run import-django`), kept exactly as Django stored
 * them and verified here until their owner's first login replaces them with argon2id. Each is
 * verified with its own parameters: nothing is re-encoded at import, so nobody must reset.
 */
export const LEGACY_ALGORITHMS = ['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'bcrypt'] as const
export type LegacyAlgorithm = (typeof LEGACY_ALGORITHMS)[number]

const pbkdf2Async = promisify(pbkdf2)

/**
 * Ceilings on what one legacy hash may cost, above Django's defaults (PBKDF2: 1,200,000 rounds in
 * Django 6.0; argon2: 100 MiB, t=2, p=8; bcrypt: 12) so that a doctored database or import file
 * cannot make one check take minutes or gigabytes, nor the failure floor that every failed
 * login waits for. A hash past them is imported without a password and never verified.
 */
export const LEGACY_COST_CEILINGS = {
  pbkdf2Iterations: 1_500_000,
  argon2MemoryInKiB: 128 * 1024,
  argon2TimeCost: 4,
  argon2Parallelism: 16,
  bcryptCost: 12
} as const

// Django's encodings: `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`,
// `argon2$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>` (a PHC string without its leading `$`),
// `bcrypt_sha256$$2b$12$…` and `bcrypt$$2b$12$…` (a bcrypt string after the name).
const pbkdf2Pattern = /^(pbkdf2_sha256|pbkdf2_sha1)\$([1-9]\d{0,8})\$([^$]+)\$([A-Za-z0-9+/]+={0,2})$/
const argon2Pattern =
  /^argon2(\$argon2(?:id|i|d)\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,10})\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+)$/
const bcryptPattern = /^(bcrypt_sha256|bcrypt)\$(\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53})$/

const digestSizes = { pbkdf2_sha256: 32, pbkdf2_sha1: 20 } as const

interface ParsedLegacyHash {
  algorithm: LegacyAlgorithm
  /** Why its cost is past a ceiling (e.g. "time cost 9999, over 4"), or null. */
  overCeiling: string | null
}

const over = (what: string, value: number, ceiling: number): string | null =>
  value > ceiling ? `${what} ${value}, over ${ceiling}` : null

function parseLegacyHash(encoded: string): ParsedLegacyHash | null {
  const c = LEGACY_COST_CEILINGS
  const pbkdf2Match = pbkdf2Pattern.exec(encoded)
  if (pbkdf2Match) {
    const algorithm = pbkdf2Match[1] as keyof typeof digestSizes
    if (Buffer.from(pbkdf2Match[4], 'base64').length !== digestSizes[algorithm]) return null
    return { algorithm, overCeiling: over('iterations', Number(pbkdf2Match[2]), c.pbkdf2Iterations) }
  }
  const argon2Match = argon2Pattern.exec(encoded)
  if (argon2Match) {
    const problems = [
      over('memory (KiB)', Number(argon2Match[2]), c.argon2MemoryInKiB),
      over('time cost', Number(argon2Match[3]), c.argon2TimeCost),
      over('parallelism', Number(argon2Match[4]), c.argon2Parallelism)
    ].filter((problem) => problem !== null)
    return { algorithm: 'argon2', overCeiling: problems.length > 0 ? problems.join('; ') : null }
  }
  const bcryptMatch = bcryptPattern.exec(encoded)
  if (bcryptMatch) {
    return {
      algorithm: bcryptMatch[1] as LegacyAlgorithm,
      overCeiling: over('cost', Number(bcryptMatch[3]), c.bcryptCost)
    }
  }
  return null
}

/**
 * The Django algorithm of a stored hash this module can verify, or null: for this app's own
 * argon2id PHC strings, for hashes Django can make but nobody here can check (md5, scrypt…),
 * and for costs past the ceilings above.
 */
export function legacyAlgorithm(encoded: string): LegacyAlgorithm | null {
  const parsed = parseLegacyHash(encoded)
  return parsed && parsed.overCeiling === null ? parsed.algorithm : null
}

/** A Django hash this module knows whose cost is past a ceiling: its algorithm and why; else null. */
export function legacyHashOverCeiling(encoded: string): { algorithm: LegacyAlgorithm; reason: string } | null {
  const parsed = parseLegacyHash(encoded)
  return parsed?.overCeiling ? { algorithm: parsed.algorithm, reason: parsed.overCeiling } : null
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
        return await compareInWorker(createHash('sha256').update(password, 'utf8').digest('hex'), bcryptPart(encoded))
      case 'bcrypt':
        return await compareInWorker(password, bcryptPart(encoded))
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
