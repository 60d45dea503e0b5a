import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createAppCore, type AppCore } from '../src/main/app'
import { PasswordHasher } from '../src/main/core/passwords'
import { makeSettings } from '../src/main/core/settings'
import { openDatabase } from '../src/main/db/database'
import type { ChannelInput } from '../src/shared/contract'
import type { CallerContext } from '../src/main/ipc/caller'
import { SEEDED_PASSWORD, seedAccounts } from './lib/seed-accounts'

/**
 * `npm run bench`: argon2id with the production parameters, login throughput, and the Accounts
 * console's search latency on 100,000 seeded accounts, in a temp folder. A report, not a test:
 * it asserts nothing, and figures vary with the machine and whatever else runs on it.
 */
const SEEDED_ACCOUNTS = 100_000
const HASH_SAMPLES = 20
const SEQUENTIAL_LOGINS = 20
const CONCURRENT_LOGINS = 32
const SEARCH_ROUNDS = 3

interface Row {
  measurement: string
  samples: number | string
  p50: string
  p95: string
  note: string
}

const rows: Row[] = []
const ms = (value: number): string => `${value.toFixed(1)} ms`

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]
}

function report(measurement: string, timesInMs: number[], note = ''): void {
  const sorted = [...timesInMs].sort((a, b) => a - b)
  rows.push({
    measurement,
    samples: sorted.length,
    p50: ms(percentile(sorted, 0.5)),
    p95: ms(percentile(sorted, 0.95)),
    note
  })
}

async function timed<T>(run: () => Promise<T> | T): Promise<number> {
  const startedAt = performance.now()
  await run()
  return performance.now() - startedAt
}

async function benchHashing(hasher: PasswordHasher): Promise<void> {
  const hashTimes: number[] = []
  const verifyTimes: number[] = []
  let hash = ''
  for (let i = 0; i < HASH_SAMPLES; i++) {
    hashTimes.push(await timed(async () => (hash = await hasher.hash(`bench-password-${i}`))))
    verifyTimes.push(await timed(() => hasher.verify(hash, `bench-password-${i}`)))
  }
  report('argon2id hash', hashTimes)
  report('argon2id verify', verifyTimes)
}

function seed(dataDir: string, passwordHash: string): void {
  const db = openDatabase(dataDir)
  const startedAt = performance.now()
  seedAccounts(db, { users: SEEDED_ACCOUNTS, passwordHash, now: Date.now() })
  const seconds = (performance.now() - startedAt) / 1000
  rows.push({
    measurement: `seed ${SEEDED_ACCOUNTS.toLocaleString('en')} accounts`,
    samples: 1,
    p50: `${seconds.toFixed(1)} s`,
    p95: '',
    note: `${Math.round(SEEDED_ACCOUNTS / seconds).toLocaleString('en')} accounts/s, one shared hash`
  })
  db.close()
}

const window = (id: string): CallerContext => ({ windowId: id, kind: 'app' })

function seededUsernames(core: AppCore, admins: boolean, count: number): string[] {
  return (
    core.services.db
      .prepare('SELECT username FROM users WHERE is_admin = ? AND is_active = 1 ORDER BY id LIMIT ?')
      .all(admins ? 1 : 0, count) as { username: string }[]
  ).map((row) => row.username)
}

async function logIn(core: AppCore, windowId: string, identifier: string): Promise<void> {
  const result = await core.router.handle(window(windowId), 'logIn', { identifier, password: SEEDED_PASSWORD })
  if (!result.ok) throw new Error(`login of ${identifier} failed: ${result.error.code}`)
}

async function benchLogins(core: AppCore): Promise<void> {
  const names = seededUsernames(core, false, SEQUENTIAL_LOGINS + CONCURRENT_LOGINS)
  const sequential: number[] = []
  for (const [i, name] of names.slice(0, SEQUENTIAL_LOGINS).entries()) {
    sequential.push(await timed(() => logIn(core, `seq-${i}`, name)))
  }
  const meanInMs = sequential.reduce((sum, time) => sum + time, 0) / sequential.length
  report('login, one at a time', sequential, `${(1000 / meanInMs).toFixed(0)} logins/s`)

  const together = names.slice(SEQUENTIAL_LOGINS)
  const each: number[] = []
  const wallInMs = await timed(() =>
    Promise.all(together.map(async (name, i) => each.push(await timed(() => logIn(core, `par-${i}`, name)))))
  )
  report(
    `login, ${CONCURRENT_LOGINS} at once`,
    each,
    `${((together.length * 1000) / wallInMs).toFixed(0)} logins/s (argon2 on ${process.env.UV_THREADPOOL_SIZE ?? 4} libuv threads)`
  )
}

/** What an administrator types, letter by letter, then a few other sorts and pages. */
function consoleQueries(): ChannelInput<'adminListAccounts'>[] {
  const base = { sort: 'username', direction: 'asc', offset: 0, limit: 50 } as const
  const typed = ['m', 'ma', 'mar', 'mari', 'maria', 'maria.', 'maria.g', 'garcia', 'GARCÍA', 'josé', 'zz', 'example.org', '4821']
  return [
    ...typed.map((search) => ({ ...base, search })),
    ...(['username', 'email', 'isAdmin', 'isActive', 'lastLoginAt', 'joinedAt'] as const).flatMap((sort) => [
      { ...base, search: '', sort },
      { ...base, search: '', sort, direction: 'desc' as const, offset: SEEDED_ACCOUNTS - 50 },
      { ...base, search: 'mar', sort, direction: 'desc' as const, offset: 1000 }
    ])
  ]
}

async function benchConsole(core: AppCore): Promise<void> {
  const [admin] = seededUsernames(core, true, 1)
  await logIn(core, 'console', admin)
  const queries = consoleQueries()
  const times: number[] = []
  let slowest = { timeInMs: 0, query: queries[0] }
  for (let round = 0; round < SEARCH_ROUNDS; round++) {
    for (const query of queries) {
      const startedAt = performance.now()
      const result = await core.router.handle(window('console'), 'adminListAccounts', query)
      const timeInMs = performance.now() - startedAt
      if (!result.ok) throw new Error(`console query failed: ${result.error.code}`)
      times.push(timeInMs)
      if (timeInMs > slowest.timeInMs) slowest = { timeInMs, query }
    }
  }
  const { search, sort, direction, offset } = slowest.query
  report(
    'console search (page of 50 + total)',
    times,
    `slowest ${ms(slowest.timeInMs)}: "${search}" by ${sort} ${direction} from ${offset}`
  )
}

function printTable(parameters: string): void {
  const headers: Row = { measurement: 'measurement', samples: 'n', p50: 'p50', p95: 'p95', note: 'note' }
  const keys = Object.keys(headers) as (keyof Row)[]
  const widths = keys.map((key) => Math.max(...[headers, ...rows].map((row) => String(row[key]).length)))
  const line = (row: Row): string =>
    keys.map((key, i) => (i === 0 || i === 4 ? String(row[key]).padEnd(widths[i]) : String(row[key]).padStart(widths[i]))).join('  ')
  console.log(`\nLocal Accounts benchmark — Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'})`)
  console.log(`argon2id ${parameters}; load average at the end ${loadavg().map((n) => n.toFixed(2)).join(' ')}\n`)
  console.log(line(headers))
  console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  for (const row of rows) console.log(line(row))
}

async function main(): Promise<void> {
  const settings = makeSettings({})
  const { memoryCostInKiB, timeCost, parallelism } = settings.passwordHashing
  const parameters = `m=${memoryCostInKiB} KiB, t=${timeCost}, p=${parallelism} (production defaults)`
  const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-bench-'))
  try {
    console.log(`Benchmarking in ${dataDir} …`)
    const hasher = new PasswordHasher(settings.passwordHashing)
    await benchHashing(hasher)
    seed(dataDir, await hasher.hash(SEEDED_PASSWORD))
    const core = createAppCore({
      dataDir,
      resourcesDir: resolve(__dirname, '..', 'resources'),
      settings,
      printMail: () => {}
    })
    try {
      await benchLogins(core)
      await benchConsole(core)
    } finally {
      core.close()
    }
    printTable(parameters)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = 1
})
