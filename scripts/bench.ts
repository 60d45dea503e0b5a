import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { gzipSync } from 'node:zlib'
import { createAppCore, type AppCore } from '../src/main/app'
import { PasswordHasher } from '../src/main/core/passwords/hasher'
import { makeSettings, type Settings } from '../src/main/core/settings/load-settings'
import { BulkAccountsRepository } from '../src/main/db/bulk-accounts-repository'
import { openDatabase, walPagesWritten, writeTransaction } from '../src/main/db/database'
import type { UserRecord } from '../src/main/db/users-repository'
import { emailKey, usernameKey } from '../src/main/core/accounts/identity'
import type { CallerContext } from '../src/main/ipc/caller'
import { startPreviewServer } from '../src/main/preview/server'
import type { ChannelInput } from '../src/shared/contract'
import { BenchReport, median, ms, pairedGap, percentile, timed, timedPair, type BenchSection } from './lib/bench-report'
import { benchLegacyHashes } from './lib/bench-legacy'
import { packageBin } from './lib/bin'
import { SEEDED_PASSWORD, seedAccounts } from './lib/seed-accounts'

/**
 * `npm run bench [-- --quick]`: what the app costs, with the production argon2 parameters, on
 * 100,000 seeded accounts in a temp folder (and 1,000,000 without --quick). Prints a table and
 * writes bench/results/latest.json. A report, not a test: it asserts nothing, and figures move
 * with the machine and whatever else runs on it (the load average is printed for that reason).
 */
const quick = process.argv.includes('--quick')
const ROOT = resolve(__dirname, '..')
const RESULTS = join(ROOT, 'bench', 'results', 'latest.json')
const SMALL = 100_000
const LARGE = 1_000_000
const HASH_SAMPLES = quick ? 15 : 40
const OVERHEAD_PAIRS = quick ? 40 : 100
/** Logins and sign-ups whose WAL pages are counted: a count, not a timing, so a few suffice. */
const WAL_SAMPLES = 20
/** Timing gaps are medians of paired differences; fewer pairs cannot tell a 1 ms gap from noise. */
const GAP_PAIRS = 200
const BURST = 16
const BURST_ROUNDS = quick ? 3 : 8
const SEARCH_ROUNDS = quick ? 3 : 5
const COLD_STARTS = 5

/**
 * Sections run after the built-in ones, each given a BenchContext (the same report, settings and
 * production hasher): the legacy-hash rows of scripts/lib/bench-legacy.ts are added here.
 */
const extraSections: BenchSection[] = [benchLegacyHashes]

const appWindow = (id: string): CallerContext => ({ windowId: id, kind: 'app' })

/** Distinct seeded accounts, each used for one login only, so lockout never counts against them. */
class SeededAccounts {
  private next = 0
  private readonly rows: { username: string; email: string }[]
  constructor(core: AppCore, count: number) {
    this.rows = new BulkAccountsRepository(core.services.db).activeMembers(count)
  }
  take(): { username: string; email: string } {
    const row = this.rows[this.next++]
    if (!row) throw new Error('ran out of seeded accounts')
    return row
  }
}

async function logIn(core: AppCore, windowId: string, identifier: string, password = SEEDED_PASSWORD) {
  const result = await core.router.handle(appWindow(windowId), 'logIn', { identifier, password })
  if (!result.ok && password === SEEDED_PASSWORD) throw new Error(`login of ${identifier} failed: ${result.error.code}`)
}

async function benchHashing(report: BenchReport, hasher: PasswordHasher): Promise<string> {
  const hashTimes: number[] = []
  const verifyTimes: number[] = []
  let hash = ''
  for (let i = 0; i < HASH_SAMPLES; i++) {
    hashTimes.push(await timed(async () => (hash = await hasher.hash(`bench-password-${i}`))))
    verifyTimes.push(await timed(() => hasher.verify(hash, `bench-password-${i}`)))
  }
  report.times('argon2id hash', hashTimes)
  report.figure('verify_ms_p50', report.times('argon2id verify', verifyTimes).p50)
  return hasher.hash(SEEDED_PASSWORD)
}

function seed(report: BenchReport, dataDir: string, users: number, passwordHash: string): number {
  const db = openDatabase(dataDir)
  const startedAt = performance.now()
  seedAccounts(db, { users, passwordHash, now: Date.now(), seed: users })
  const seconds = (performance.now() - startedAt) / 1000
  db.close()
  report.value(
    `seed ${users.toLocaleString('en')} accounts`,
    1,
    `${seconds.toFixed(1)} s`,
    'one transaction; search index and sort indexes built at its end'
  )
  return seconds
}

function benchColdStart(report: BenchReport, dataDir: string, settings: Settings): void {
  const times: number[] = []
  for (let i = 0; i < COLD_STARTS; i++) {
    const startedAt = performance.now()
    const core = createAppCore({ dataDir, resourcesDir: join(ROOT, 'resources'), settings, printMail: () => {} })
    times.push(performance.now() - startedAt)
    core.close()
  }
  report.figure(
    'cold_start_ms',
    report.times('cold start: open, migrate, core ready', times, `${SMALL.toLocaleString('en')} accounts`).p50
  )
}

/**
 * `login(i)` and one verification alone, back to back, OVERHEAD_PAIRS times: the login times and
 * the median of (login − verify) / verify, what the login costs beyond its argon2 verification,
 * with the middle half of the pairs' ratios (how far one pair strays on this machine).
 */
async function overheadRatio(
  core: AppCore,
  hash: string,
  login: (i: number) => Promise<unknown>
): Promise<{ logins: number[]; ratios: number[] }> {
  const logins: number[] = []
  const ratios: number[] = []
  for (let i = 0; i < OVERHEAD_PAIRS; i++) {
    const [took, verify] = await timedPair(
      () => login(i),
      () => core.services.hasher.verify(hash, SEEDED_PASSWORD)
    )
    logins.push(took)
    ratios.push((took - verify) / verify)
  }
  return { logins, ratios }
}

/**
 * The pairing's own resolution: a verification paired with a verification, where nothing is
 * added, so a perfect machine would give 0. What it gives instead is how small an overhead the
 * rows above can tell apart from noise on this machine.
 */
async function benchPairingNull(report: BenchReport, core: AppCore, hash: string): Promise<void> {
  const { ratios } = await overheadRatio(core, hash, () => core.services.hasher.verify(hash, SEEDED_PASSWORD))
  const measurement = 'verify beyond verify (nothing added)'
  reportPaired(report, 'pairing_null_ratio', measurement, ratios, "the pairing's own error", toRatio)
}

/** A correct login through the router, paired with a verification alone. */
async function benchLoginOverhead(report: BenchReport, core: AppCore, hash: string, seeded: SeededAccounts) {
  const pairs = await overheadRatio(core, hash, (i) => logIn(core, `overhead-${i}`, seeded.take().username))
  report.figure('login_ms_p50', report.times('login (router, correct password)', pairs.logins).p50)
  const note = 'median of (login − verify) / verify'
  reportPaired(report, 'login_overhead_ratio', 'login overhead beyond verify', pairs.ratios, note, toRatio)
}

/**
 * The floor under `login_overhead_ratio`: only what a login must write, through the app's own
 * repositories and tables, with no router, parsing or checks: the user read, the attempt counted
 * in its own transaction before the verification, then one transaction with the last login, the
 * audit event, the session and the count cleared. The app's login cannot cost less than this.
 */
async function benchLoginFloor(report: BenchReport, core: AppCore, hash: string, seeded: SeededAccounts) {
  const { db, users, lockout, audit, sessions, hasher, clock } = core.services
  const { ratios } = await overheadRatio(core, hash, async (i) => {
    const key = usernameKey(seeded.take().username)
    const user = users.byUsernameKey(key) as UserRecord
    writeTransaction(db, () => lockout.admit(key))
    await hasher.verify(user.passwordHash as string, SEEDED_PASSWORD)
    writeTransaction(db, () => {
      users.setLastLogin(user.id, clock.now())
      audit.record({ kind: 'login', outcome: 'success', actor: user, subject: user })
      sessions.create(user.id, `floor-${i}`)
      lockout.clear(key)
    })
  })
  reportPaired(
    report,
    'login_floor_ratio',
    'login writes alone, beyond verify',
    ratios,
    'the floor under the row above',
    toRatio
  )
}

/**
 * Pages a login and a sign-up write to the WAL, on average: unlike the paired timings, a count
 * the machine's noise does not move, and what a commit's cost grows with. Automatic checkpoints
 * are paused meanwhile, so the WAL file only grows.
 */
async function benchWalPages(report: BenchReport, core: AppCore, seeded: SeededAccounts): Promise<void> {
  const { db } = core.services
  const pagesPer = async (act: (i: number) => Promise<unknown>): Promise<number> =>
    (await walPagesWritten(db, async () => {
      for (let i = 0; i < WAL_SAMPLES; i++) await act(i)
    })) / WAL_SAMPLES
  const login = await pagesPer((i) => logIn(core, `wal-login-${i}`, seeded.take().username))
  const signUp = await pagesPer((i) =>
    signUpOnce(core, `wal-signup-${i}`, `bench_wal_${i}`, `Quiet-harbour-wal-${i}-lantern`)
  )
  report.figure('login_wal_pages', login)
  report.figure('signup_wal_pages', signUp)
  report.value('pages written to the WAL per login', WAL_SAMPLES, login.toFixed(1), 'both transactions')
  report.value(
    'pages written to the WAL per sign-up',
    WAL_SAMPLES,
    signUp.toFixed(1),
    'indexes and search index included'
  )
}

async function signUpOnce(core: AppCore, windowId: string, username: string, password: string): Promise<void> {
  const result = await core.router.handle(appWindow(windowId), 'signUp', {
    username,
    email: `${username}@bench.example`,
    password,
    passwordConfirmation: password
  })
  if (!result.ok) throw new Error(`sign-up failed: ${result.error.code}`)
}

/**
 * Sign-up then one hash alone: what a sign-up costs beyond hashing the password. Beside it, in
 * the same loop and so under the same load: the floor (only what a sign-up must write) and the
 * pairing's own error (a hash paired with a hash).
 */
async function benchSignUpOverhead(report: BenchReport, core: AppCore): Promise<void> {
  const overhead: number[] = []
  const floor: number[] = []
  const nothingAdded: number[] = []
  for (let i = 0; i < OVERHEAD_PAIRS; i++) {
    const password = `Quiet-harbour-${i}-lantern`
    const hashAlone = () => core.services.hasher.hash(password)
    const gap = ([took, hash]: [number, number]): number => took - hash
    overhead.push(gap(await timedPair(() => signUpOnce(core, `signup-${i}`, `bench_signup_${i}`, password), hashAlone)))
    floor.push(gap(await timedPair(() => signUpWritesAlone(core, `bench_floor_${i}`, password), hashAlone)))
    nothingAdded.push(gap(await timedPair(hashAlone, hashAlone)))
  }
  reportPaired(report, 'signup_overhead_ms', 'sign-up overhead beyond one hash', overhead, 'median of (sign-up − hash)')
  reportPaired(
    report,
    'signup_floor_ms',
    'sign-up writes alone, beyond one hash',
    floor,
    'the floor under the row above'
  )
  reportPaired(
    report,
    'signup_pairing_null_ms',
    'hash beyond hash (nothing added)',
    nothingAdded,
    "the pairing's own error"
  )
}

/**
 * Only what a sign-up must do, through the app's own repositories, with no router, validation
 * or checks: hash the password, then one transaction with the account row (its sort indexes and
 * search index), the audit event and the session. The app's sign-up cannot cost less than this.
 */
async function signUpWritesAlone(core: AppCore, username: string, password: string): Promise<void> {
  const { db, users, audit, sessions, hasher, clock } = core.services
  const passwordHash = await hasher.hash(password)
  const email = `${username}@bench.example`
  writeTransaction(db, () => {
    const id = users.insert({
      username,
      usernameKey: usernameKey(username),
      email,
      emailKey: emailKey(email),
      passwordHash,
      isAdmin: false,
      createdAt: clock.now(),
      mustChangePassword: false
    })
    audit.record({ kind: 'sign_up', outcome: 'success', actor: { id, username }, subject: { id, username } })
    sessions.create(id, `floor-${username}`)
  })
}

/**
 * One paired row: the median of its pairs as the figure, and where the middle half of the pairs
 * falls (how far one pair strays on this machine) beside it.
 */
function reportPaired(
  report: BenchReport,
  key: string,
  measurement: string,
  values: number[],
  note: string,
  show: (value: number) => string = ms
): void {
  const value = median(values)
  report.figure(key, value)
  const middleHalf = `${show(percentile(values, 0.25))} to ${show(percentile(values, 0.75))}`
  report.value(measurement, `${OVERHEAD_PAIRS} pairs`, show(value), `${note}; middle half ${middleHalf}`)
}
const toRatio = (value: number): string => value.toFixed(3)

async function benchTimingGaps(report: BenchReport, core: AppCore, seeded: SeededAccounts): Promise<void> {
  const loginGap = await pairedGap(
    GAP_PAIRS,
    (i) => logIn(core, `gap-known-${i}`, seeded.take().username, 'not-the-password'),
    (i) => logIn(core, `gap-unknown-${i}`, `nobody_here_${i}`, 'not-the-password')
  )
  reportGap(report, 'timing_gap_unknown_user_ms', 'login gap: unknown user − wrong password', loginGap)

  const request = async (windowId: string, email: string): Promise<void> => {
    const result = await core.router.handle(appWindow(windowId), 'requestPasswordReset', { email })
    if (!result.ok) throw new Error(`reset request failed: ${result.error.code}`)
  }
  const resetGap = await pairedGap(
    GAP_PAIRS,
    (i) => request(`reset-known-${i}`, seeded.take().email),
    (i) => request(`reset-unknown-${i}`, `nobody_here_${i}@bench.example`)
  )
  reportGap(report, 'timing_gap_reset_unknown_email_ms', 'reset gap: unknown − known email', resetGap)
}

/** A timing gap's median as a figure, and a row with how wide the gaps spread. */
function reportGap(report: BenchReport, key: string, measurement: string, gaps: number[]): void {
  const gap = median(gaps)
  report.figure(key, gap)
  report.value(measurement, `${gaps.length} pairs`, ms(gap), `p95 of |gap| ${ms(percentile(gaps.map(Math.abs), 0.95))}`)
}

/** 16 logins at once, a few times: how late the main thread's timers run meanwhile. */
async function benchBurst(report: BenchReport, core: AppCore, seeded: SeededAccounts): Promise<void> {
  const lag = monitorEventLoopDelay({ resolution: 1 })
  const hasher = core.services.hasher
  hasher.peakInFlight = 0
  let wall = 0
  for (let round = 0; round < BURST_ROUNDS; round++) {
    const names = Array.from({ length: BURST }, () => seeded.take().username)
    lag.enable()
    wall += await timed(() => Promise.all(names.map((name, i) => logIn(core, `burst-${round}-${i}`, name))))
    lag.disable()
  }
  const p99 = lag.percentile(99) / 1e6
  const perSecond = (BURST * BURST_ROUNDS * 1000) / wall
  report.figure('event_loop_lag_ms_p99', p99)
  report.figure('concurrent_logins_per_s', perSecond)
  report.value(
    `event-loop delay p99, ${BURST} logins at once`,
    `${BURST_ROUNDS} bursts`,
    ms(p99),
    `${perSecond.toFixed(1)} logins/s; ${hasher.concurrency} argon2 at once (peak ${hasher.peakInFlight})`
  )
}

/** What an administrator types, letter by letter, then every sort's first and last page and a deep page of a search. */
function consoleQueries(accounts: number): ChannelInput<'adminListAccounts'>[] {
  const base = { sort: 'username', direction: 'asc', offset: 0, limit: 50 } as const
  const typed = [
    'm',
    'ma',
    'mar',
    'mari',
    'maria',
    'maria.',
    'maria.g',
    'garcia',
    'GARCÍA',
    'josé',
    'zz',
    'example.org',
    '4821'
  ]
  return [
    ...typed.map((search) => ({ ...base, search })),
    ...(['username', 'email', 'isAdmin', 'isActive', 'lastLoginAt', 'joinedAt'] as const).flatMap((sort) => [
      { ...base, search: '', sort },
      { ...base, search: '', sort, direction: 'desc' as const, offset: accounts - 50 },
      { ...base, search: 'mar', sort, direction: 'desc' as const, offset: 1000 }
    ])
  ]
}

type Ask = (query: ChannelInput<'adminListAccounts'>) => Promise<void>

async function timeQueries(ask: Ask, queries: ChannelInput<'adminListAccounts'>[]) {
  const times: number[] = []
  const cpuTimes: number[] = []
  const firstPage: number[] = []
  let slowest = { time: 0, query: queries[0] }
  for (let round = 0; round < SEARCH_ROUNDS; round++) {
    for (const query of queries) {
      const cpuAtStart = process.cpuUsage()
      const time = await timed(() => ask(query))
      const cpu = process.cpuUsage(cpuAtStart)
      cpuTimes.push((cpu.user + cpu.system) / 1000)
      times.push(time)
      if (!query.search && query.offset === 0 && query.sort === 'username') firstPage.push(time)
      if (time > slowest.time) slowest = { time, query }
    }
  }
  const { search, sort, direction, offset } = slowest.query
  return {
    times,
    cpuTimes,
    firstPage,
    slowestNote: `slowest ${ms(slowest.time)}: "${search}" by ${sort} ${direction} from ${offset}`
  }
}

/** The console's search at the router, then through the browser preview's HTTP bridge. */
async function benchConsole(report: BenchReport, core: AppCore, accounts: number, suffix: string): Promise<void> {
  const admin = new BulkAccountsRepository(core.services.db).firstActiveAdmin()
  if (!admin) throw new Error('the seeded accounts have no active administrator')
  await logIn(core, 'console', admin)
  const queries = consoleQueries(accounts)
  const size = accounts.toLocaleString('en')
  const router = await timeQueries(async (query) => {
    const result = await core.router.handle(appWindow('console'), 'adminListAccounts', query)
    if (!result.ok) throw new Error(`console query failed: ${result.error.code}`)
  }, queries)
  const atRouter = report.times(`console search, router, ${size} accounts`, router.times, router.slowestNote)
  report.figure(`admin_search${suffix}_ms_p50`, atRouter.p50)
  report.figure(`admin_search${suffix}_ms_p95`, atRouter.p95)
  // The router's search is synchronous: its CPU time is what it would take on an idle machine.
  const cpu = report.times(`console search, router, CPU time`, router.cpuTimes, 'wall time minus waiting for a core')
  report.figure(`admin_search${suffix}_cpu_ms_p95`, cpu.p95)
  if (!suffix)
    report.figure('admin_first_page_ms_p50', report.times('console first page (no search)', router.firstPage).p50)

  const server = await startPreviewServer({ router: core.router, rendererDir: join(ROOT, 'out', 'renderer'), port: 0 })
  try {
    // The cookie a browser tab gets from the page: the bridge accepts only cookies it issued.
    const page = await fetch(server.appUrl)
    const cookie = page.headers.getSetCookie().map((line) => line.split(';')[0])
    await page.arrayBuffer()
    if (cookie.length === 0) throw new Error('the preview page issued no window cookie')
    const headers = { 'Content-Type': 'application/json', Cookie: cookie.join('; ') }
    const post = async (channel: string, payload: unknown) => {
      const response = await fetch(`${server.appUrl}api/${channel}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(payload)
      })
      const result = (await response.json()) as { ok: boolean; error?: { code: string } }
      if (!result.ok) throw new Error(`${channel} over HTTP failed: ${result.error?.code}`)
    }
    await post('logIn', { identifier: admin, password: SEEDED_PASSWORD })
    const http = await timeQueries((query) => post('adminListAccounts', query), queries)
    const overHttp = report.times(`console search, HTTP bridge, ${size} accounts`, http.times, http.slowestNote)
    report.figure(`admin_search${suffix}_http_ms_p50`, overHttp.p50)
    report.figure(`admin_search${suffix}_http_ms_p95`, overHttp.p95)
    if (!suffix) {
      const roundTrips: number[] = []
      for (let i = 0; i < 200; i++) roundTrips.push(await timed(() => post('getSession', {})))
      report.figure('preview_roundtrip_ms_p50', report.times('preview HTTP round trip (getSession)', roundTrips).p50)
    }
  } finally {
    await server.close()
  }
}

/** The renderer's JavaScript as shipped, gzipped (builds it first if out/ is missing). */
function benchRendererSize(report: BenchReport): void {
  const assets = join(ROOT, 'out', 'renderer', 'assets')
  if (!existsSync(assets)) {
    console.log('Building the renderer (out/ is missing) …')
    const build = spawnSync(process.execPath, [packageBin('electron-vite'), 'build'], { cwd: ROOT, stdio: 'ignore' })
    if (build.status !== 0 || !existsSync(assets)) {
      report.figure('renderer_js_gzip_kb', null)
      return
    }
  }
  const files = readdirSync(assets).filter((name) => name.endsWith('.js'))
  const bytes = files.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name)), { level: 9 }).length, 0)
  report.figure('renderer_js_gzip_kb', bytes / 1024)
  report.value('renderer JavaScript, gzipped', `${files.length} files`, `${(bytes / 1024).toFixed(1)} KB`)
}

const openCore = (dataDir: string, settings: Settings): AppCore =>
  createAppCore({ dataDir, resourcesDir: join(ROOT, 'resources'), settings, printMail: () => {} })

async function main(): Promise<void> {
  const loadAtStart = loadavg()
  const report = new BenchReport()
  const settings = makeSettings({})
  const { memoryCostInKiB, timeCost, parallelism } = settings.passwordHashing
  const parameters = `m=${memoryCostInKiB} KiB, t=${timeCost}, p=${parallelism} (production defaults)`
  const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-bench-'))
  console.log(`Benchmarking${quick ? ' (quick)' : ''} in ${dataDir} …`)
  try {
    const hasher = new PasswordHasher(settings.passwordHashing)
    const seededHash = await benchHashing(report, hasher)
    const seed100k = seed(report, dataDir, SMALL, seededHash)
    report.figure('seed_100k_s', seed100k)
    benchColdStart(report, dataDir, settings)

    const core = openCore(dataDir, settings)
    try {
      const seeded = new SeededAccounts(core, 2 * OVERHEAD_PAIRS + WAL_SAMPLES + 2 * GAP_PAIRS + BURST * BURST_ROUNDS)
      await benchLoginOverhead(report, core, seededHash, seeded)
      await benchLoginFloor(report, core, seededHash, seeded)
      await benchPairingNull(report, core, seededHash)
      await benchWalPages(report, core, seeded)
      await benchSignUpOverhead(report, core)
      await benchTimingGaps(report, core, seeded)
      await benchBurst(report, core, seeded)
      await benchConsole(report, core, SMALL, '')
      const rss = process.memoryUsage().rss / 2 ** 20
      report.figure('rss_mb', rss)
      report.value('resident memory after the above', 1, `${rss.toFixed(0)} MB`, 'the whole Node process')
    } finally {
      core.close()
    }

    if (quick) {
      report.figure('seed_1m_s', null)
      report.figure('admin_search_1m_ms_p50', null)
      report.figure('admin_search_1m_ms_p95', null)
      report.figure('admin_search_1m_cpu_ms_p95', null)
      report.figure('admin_search_1m_http_ms_p50', null)
      report.figure('admin_search_1m_http_ms_p95', null)
    } else {
      // The million is the 100,000 above and 900,000 more: its seed time is both together.
      const seed1m = seed100k + seed(report, dataDir, LARGE - SMALL, seededHash)
      report.figure('seed_1m_s', seed1m)
      report.value(
        `seed ${LARGE.toLocaleString('en')} accounts`,
        1,
        `${seed1m.toFixed(1)} s`,
        'the two seeds above together'
      )
      const large = openCore(dataDir, settings)
      try {
        await benchConsole(report, large, LARGE, '_1m')
      } finally {
        large.close()
      }
    }
    benchRendererSize(report)
    for (const section of extraSections) await section({ report, settings, hasher, quick })

    report.print(parameters, loadAtStart)
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true })
    const results = {
      generatedAt: new Date().toISOString(),
      quick,
      machine: { ...report.machine(), loadAverageAtStart: loadAtStart },
      argon2: { type: 'argon2id', ...settings.passwordHashing },
      ...report.figures
    }
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`)
    console.log(`\nWrote ${RESULTS}`)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = 1
})
