import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { legacyAlgorithm } from '../../src/main/core/passwords/django-hashes'
import { PasswordHasher } from '../../src/main/core/passwords/hasher'
import { makeSettings } from '../../src/main/core/settings/load-settings'
import { median, pairedGap, timed, type BenchSection } from './bench-report'

/** Hashes Django 3.2 itself wrote (test/fixtures/django/make-fixtures.py): one per format and cost. */
const FIXTURE = resolve(__dirname, '../../test/fixtures/django/users.json')
const SAMPLES = 7
const WRONG_PASSWORD = 'not-the-password-0'

/** `pbkdf2_sha256 (260000 iterations)`, `bcrypt (cost 12)`, `argon2 (argon2id m=102400,t=2,p=8)`. */
function describe(hash: string): string {
  const [algorithm, ...parts] = hash.split('$')
  if (algorithm.startsWith('pbkdf2')) return `${algorithm} (${parts[0]} iterations)`
  if (algorithm === 'argon2') return `argon2 (${parts[0]} ${parts[2]})`
  return `${algorithm} (cost ${parts[2]})`
}

async function medianTime(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < SAMPLES; i++) times.push(await timed(run))
  return median(times)
}

function fixtureHashes(): Map<string, string> {
  const records = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { fields: { password: string } }[]
  const byFormat = new Map<string, string>()
  for (const { fields } of records) {
    if (legacyAlgorithm(fields.password) !== null) byFormat.set(describe(fields.password), fields.password)
  }
  return byFormat
}

/**
 * What a wrong password costs at login (median ms of `PasswordHasher.verify` with the production
 * parameters) for each kind of Django hash the import keeps, beside this app's own argon2id. An
 * imported account answers at its Django hash's cost until its first login, and never faster than
 * argon2id (see PasswordHasher.verify); a much dearer one shows here.
 */
export async function measureLegacyHashCosts(): Promise<Record<string, number>> {
  const hasher = new PasswordHasher(makeSettings({}).passwordHashing)
  const { memoryCostInKiB, timeCost, parallelism } = makeSettings({}).passwordHashing
  const byFormat = fixtureHashes()
  const own = await hasher.hash('bench-legacy-password')
  const costs: Record<string, number> = {
    [`argon2id (this app, m=${memoryCostInKiB},t=${timeCost},p=${parallelism})`]: await medianTime(() =>
      hasher.verify(own, WRONG_PASSWORD)
    )
  }
  for (const [format, hash] of byFormat) {
    costs[`Django ${format}`] = await medianTime(() => hasher.verify(hash, WRONG_PASSWORD))
  }
  return costs
}

/**
 * With the failure floor on (as at a start-up where those hashes are stored): the median of
 * paired differences, each pair in random order, between a wrong password for an account with each
 * Django hash and one with this app's argon2id. Near zero means imported accounts cannot be told
 * apart; the largest difference over the formats is returned, with its format.
 */
export async function measureLegacyTimingGap(pairs: number): Promise<{ gap: number; format: string }> {
  const hasher = new PasswordHasher(makeSettings({}).passwordHashing)
  const byFormat = fixtureHashes()
  await hasher.calibrateFailureFloor(() => byFormat.values())
  const own = await hasher.hash('bench-legacy-password')
  let widest = { gap: 0, format: 'none' }
  for (const [format, hash] of byFormat) {
    const gap = median(
      await pairedGap(
        pairs,
        () => failedLogin(hasher, own),
        () => failedLogin(hasher, hash)
      )
    )
    if (Math.abs(gap) > Math.abs(widest.gap)) widest = { gap, format }
  }
  return widest
}

/** A wrong password as a login answers it: verified, then held to the failure floor. */
async function failedLogin(hasher: PasswordHasher, hash: string): Promise<void> {
  const startedAt = performance.now()
  await hasher.verify(hash, WRONG_PASSWORD)
  await hasher.holdFailedLogin(startedAt)
}

/** The benchmark's rows: each Django format's wrong-password cost beside argon2id's, and the gap left with the floor. */
export const benchLegacyHashes: BenchSection = async ({ report, quick }) => {
  const costs = await measureLegacyHashCosts()
  for (const [format, milliseconds] of Object.entries(costs)) {
    report.value(
      `wrong password, ${format}`,
      SAMPLES,
      `${milliseconds.toFixed(2)} ms`,
      'imported accounts until their first login'
    )
  }
  const own = Object.values(costs)[0]
  const dearest = Math.max(...Object.values(costs))
  report.figure('legacy_verify_ms_max', dearest)
  report.figure('legacy_verify_cost_ratio_max', dearest / own)
  const pairs = quick ? 6 : 20
  const { gap, format } = await measureLegacyTimingGap(pairs)
  report.figure('timing_gap_legacy_hash_ms', gap)
  report.value(
    'timing gap: wrong password, Django hash − argon2id',
    `${pairs} pairs`,
    `${gap.toFixed(2)} ms`,
    `failure floor on; widest: ${format}`
  )
}
