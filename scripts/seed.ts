import { parseArgs } from 'node:util'
import { defaultDataDir, resolveDataDir } from '../src/main/app'
import { AuditLog } from '../src/main/core/audit/audit-log'
import { systemClock } from '../src/main/core/support/clock'
import { PasswordHasher } from '../src/main/core/passwords/hasher'
import { loadSettings } from '../src/main/core/settings/load-settings'
import { AuditEventRepository } from '../src/main/db/audit-events-repository'
import { openDatabase } from '../src/main/db/database'
import { UserRepository } from '../src/main/db/users-repository'
import { SEEDED_PASSWORD, seedAccounts } from './lib/seed-accounts'

const usage = 'Usage: npm run seed -- --users N [--data-dir DIR] [--unusable-passwords] [--seed N]'

function wholeNumber(text: string | undefined, flag: string, min: number, max: number): number {
  const value = Number(text)
  if (text === undefined || !/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${flag} needs a whole number from ${min} to ${max}.\n${usage}`)
  }
  return value
}

/**
 * `npm run seed -- --users 100000 --data-dir D`: fills a data folder with many accounts for
 * trying the console and the benchmark at size. Hashes one password once (with the folder's
 * settings) and gives every account that hash, instead of 100,000 argon2 runs.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string' },
      'data-dir': { type: 'string' },
      'unusable-passwords': { type: 'boolean', default: false },
      seed: { type: 'string' }
    },
    strict: true
  })
  const users = wholeNumber(values.users, '--users', 1, 10_000_000)
  const seed = values.seed === undefined ? undefined : wholeNumber(values.seed, '--seed', 0, 2 ** 32 - 1)
  const unusable = values['unusable-passwords'] === true
  const dataDir = resolveDataDir(argv, process.env, defaultDataDir())

  const startedAt = performance.now()
  const settings = loadSettings(dataDir)
  const passwordHash = unusable ? null : await new PasswordHasher(settings.passwordHashing).hash(SEEDED_PASSWORD)
  const db = openDatabase(dataDir)
  try {
    const report = seedAccounts(db, { users, passwordHash, now: systemClock.now(), seed })
    new AuditLog(new AuditEventRepository(db), new UserRepository(db), systemClock).record({
      kind: 'seed',
      outcome: 'success',
      detail: `${report.inserted} accounts added by npm run seed`
    })
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1)
    console.log(`Data: ${dataDir}`)
    console.log(
      `Added ${report.inserted} accounts (${report.admins} administrators, ${report.inactive} deactivated) in ${seconds} s.`
    )
    console.log(
      unusable
        ? 'Their passwords are unusable: nobody can log in to them until an administrator sets one.'
        : `Every seeded account has the password: ${SEEDED_PASSWORD}`
    )
  } finally {
    db.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = 1
})
