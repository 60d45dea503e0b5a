import { BulkAccountsRepository } from '../../src/main/db/bulk-accounts-repository'
import type { Db } from '../../src/main/db/database'
import { emailKey, usernameKey } from '../../src/main/core/accounts/identity'

/** The password every seeded account shares (the seed script prints it), for logging in as them. */
export const SEEDED_PASSWORD = 'seeded-Lantern-4821'

export interface SeedOptions {
  users: number
  /** One PHC string every seeded account shares, or null for accounts nobody can log in to. */
  passwordHash: string | null
  /** Milliseconds since the epoch: accounts joined within the three years before it. */
  now: number
  /** Same seed, same accounts. */
  seed?: number
}

export interface SeedReport {
  inserted: number
  admins: number
  inactive: number
}

const FIRST_NAMES = [
  'maria',
  'james',
  'sofia',
  'li',
  'ahmed',
  'olga',
  'kwame',
  'yuki',
  'pedro',
  'anna',
  'ravi',
  'fatima',
  'john',
  'emma',
  'noah',
  'olivia',
  'liam',
  'ava',
  'lucas',
  'mia',
  'mateo',
  'chloe',
  'ivan',
  'elena',
  'omar',
  'aisha',
  'chen',
  'mei',
  'diego',
  'lucia',
  'hans',
  'greta',
  'piotr',
  'zofia',
  'kofi',
  'amara',
  'josé',
  'zoë',
  'łukasz',
  'søren',
  'andré',
  'chloé',
  'jürgen',
  'renée',
  'björn',
  'inés',
  'małgorzata',
  'nikolai',
  'priya',
  'arjun',
  'sara',
  'tomás',
  'hugo',
  'léa',
  'erik',
  'ingrid',
  'mohammed',
  'leila'
]

const LAST_NAMES = [
  'garcia',
  'smith',
  'rossi',
  'wang',
  'hassan',
  'ivanova',
  'mensah',
  'tanaka',
  'silva',
  'kowalski',
  'patel',
  'khan',
  'johnson',
  'brown',
  'martin',
  'bernard',
  'müller',
  'schmidt',
  'novak',
  'horvat',
  'nielsen',
  'jensen',
  'dubois',
  'moreau',
  'lópez',
  'gómez',
  'fernández',
  'nakamura',
  'kim',
  'lee',
  'nguyen',
  'tran',
  'okafor',
  'adeyemi',
  'olsen',
  'larsen',
  'virtanen',
  'korhonen',
  'papadopoulos',
  'yılmaz',
  'kaya',
  'cohen',
  'levi',
  'oconnor',
  'murphy',
  'walsh',
  'costa',
  'santos',
  'żak',
  'østergaard'
]

const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com', 'corp.example', 'uni.example.edu']

const dayInMilliseconds = 24 * 60 * 60 * 1000
const joinedWithinMilliseconds = 3 * 365 * dayInMilliseconds

/** mulberry32: a tiny seeded generator, so a seeded database is the same every time. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)

/**
 * A name distinct from every other seeded one: `serial` ends it and no name part holds a digit,
 * and the separator (`.`, `_` or none with an initial) tells the patterns apart.
 */
function makeIdentity(pick: <T>(list: readonly T[]) => T, roll: number, serial: number) {
  const first = pick(FIRST_NAMES)
  const last = pick(LAST_NAMES)
  const base = roll < 0.45 ? `${first}.${last}` : roll < 0.7 ? `${first}_${last}` : `${first.charAt(0)}${last}`
  // Some people type their name with capitals; search must not care.
  const username = roll < 0.15 ? `${capitalise(first)}.${capitalise(last)}${serial}` : `${base}${serial}`
  return { username, email: `${base}${serial}@${pick(DOMAINS)}` }
}

/**
 * Inserts `users` accounts straight into the users table, in one transaction (see
 * BulkAccountsRepository.withBulkLoad: a killed seed adds nothing), without hashing anything per
 * account: each gets the one shared hash. Names already taken are skipped for the next serial
 * number, so exactly `users` accounts are added.
 */
export function seedAccounts(db: Db, options: SeedOptions): SeedReport {
  const random = seededRandom(options.seed ?? 20260101)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  const accounts = new BulkAccountsRepository(db)
  const report: SeedReport = { inserted: 0, admins: 0, inactive: 0 }

  accounts.withBulkLoad(options.users, () => {
    let serial = accounts.nextSerial()
    while (report.inserted < options.users) {
      const { username, email } = makeIdentity(pick, random(), serial++)
      const isAdmin = random() < 0.005
      const isActive = random() >= 0.04
      const createdAt = options.now - Math.floor(random() * joinedWithinMilliseconds)
      const lastLoginAt = random() < 0.75 ? createdAt + Math.floor(random() * (options.now - createdAt)) : null
      const added = accounts.insertSeeded({
        username,
        usernameKey: usernameKey(username),
        email,
        emailKey: emailKey(email),
        passwordHash: options.passwordHash,
        isAdmin,
        isActive,
        createdAt,
        lastLoginAt
      })
      if (!added) continue
      report.inserted++
      if (isAdmin) report.admins++
      if (!isActive) report.inactive++
    }
  })
  return report
}
