import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { buildSync } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PasswordHasher } from '../../src/main/core/passwords/hasher'
import { DATABASE_FILE_NAME } from '../../src/main/db/database'
import { CHEAP_HASHING, openTestCore, RESOURCES_DIR, STRONG_PASSWORD, withFirstAdmin } from '../helpers/core'

const ROOT = resolve(__dirname, '../..')
const NEW_PASSWORD = 'amber-Harbour-61-slowly'
const KILLS = 32
/** The worker is killed this long (at most) after it says it is ready, mid-write most times. */
const MAX_RUN_IN_MILLISECONDS = 300

let workDir: string
let worker: string

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'local-accounts-crash-'))
  // One bundle, started by plain node: a tsx start costs seconds on a busy machine, times 30.
  worker = join(workDir, 'crash-worker.cjs')
  buildSync({
    entryPoints: [join(ROOT, 'test/fixtures/crash-worker.ts')],
    outfile: worker,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'argon2'],
    logLevel: 'error'
  })
})

afterAll(() => rmSync(workDir, { recursive: true, force: true }))

type Step = 'signup' | 'login' | 'changed'

/** Runs the worker once and SIGKILLs it at a random moment; returns the steps it acknowledged. */
function runAndKill(dataDir: string, run: number): Promise<{ acked: [Step, string][]; killedBeforeReady: boolean }> {
  const child = spawn(process.execPath, [worker, dataDir, RESOURCES_DIR, String(run), NEW_PASSWORD], {
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  let ready = false
  // One run in five dies while starting (opening the database), the others while working.
  const earlyKill = Math.random() < 0.2
  const kill = (): void => {
    child.kill('SIGKILL')
  }
  const early = earlyKill ? setTimeout(kill, Math.random() * 400) : null
  // A worker that hangs fails the test, and does not outlive it.
  let hung = false
  const guard = setTimeout(() => {
    hung = true
    kill()
  }, 30_000)
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    if (!ready && stdout.includes('ready\n')) {
      ready = true
      if (!earlyKill) setTimeout(kill, Math.random() * MAX_RUN_IN_MILLISECONDS)
    }
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((done, failed) => {
    child.on('close', (code, signal) => {
      if (early) clearTimeout(early)
      clearTimeout(guard)
      if (signal !== 'SIGKILL' || hung) {
        failed(new Error(`worker ${hung ? 'hung' : `ended by itself (${code})`}: ${stdout}${stderr}`))
        return
      }
      const acked = stdout
        .split('\n')
        .filter((line) => /^(signup|login|changed) /.test(line))
        .map((line) => line.split(' ') as [Step, string])
      done({ acked, killedBeforeReady: !ready })
    })
  })
}

interface UserFacts {
  username: string
  changed: boolean
  signUpEvents: number
  loginEvents: number
  changeEvents: number
  otherSessions: number
  lastLoginAt: number | null
}

/** What the file says about each worker user, read by a connection of its own. */
function readFacts(dataDir: string): { integrity: string; facts: Map<string, UserFacts>; hashes: Map<string, string> } {
  const db = new Database(join(dataDir, DATABASE_FILE_NAME))
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string
    expect(db.pragma('foreign_key_check')).toEqual([])
    const rows = db
      .prepare(
        `SELECT u.username, u.password_hash AS hash, u.password_changed_at IS NOT NULL AS changed, u.last_login_at AS lastLoginAt,
           (SELECT count(*) FROM audit_events a WHERE a.subject_user_id = u.id AND a.kind = 'sign_up' AND a.outcome = 'success') AS signUpEvents,
           (SELECT count(*) FROM audit_events a WHERE a.subject_user_id = u.id AND a.kind = 'login' AND a.outcome = 'success') AS loginEvents,
           (SELECT count(*) FROM audit_events a WHERE a.subject_user_id = u.id AND a.kind = 'password_change' AND a.outcome = 'success') AS changeEvents,
           (SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.window_id = u.username || '-other') AS otherSessions
         FROM users u WHERE u.is_admin = 0`
      )
      .all() as (Omit<UserFacts, 'changed'> & { hash: string; changed: number })[]
    // A sign-up event whose account is missing would be half a sign-up too.
    const orphanEvents = db
      .prepare(
        `SELECT count(*) AS n FROM audit_events a WHERE a.kind = 'sign_up' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.subject_user_id)`
      )
      .get() as { n: number }
    expect(orphanEvents.n, 'sign-up events without their account').toBe(0)
    return {
      integrity,
      facts: new Map(rows.map((row) => [row.username, { ...row, changed: row.changed === 1 }])),
      hashes: new Map(rows.map((row) => [row.username, row.hash]))
    }
  } finally {
    db.close()
  }
}

/** Nothing half done: each step's rows are all there or none is. */
function halfDone(user: UserFacts): string[] {
  const problems: string[] = []
  if (user.signUpEvents !== 1) problems.push(`${user.username}: account without exactly one sign-up event`)
  // No check of the sign-up's own session: it is written after the account (as Django logs in
  // after saving the user), and a session of a killed process is unreachable anyway.
  if (user.loginEvents > 1) problems.push(`${user.username}: more than one login`)
  if ((user.loginEvents === 1) !== (user.lastLoginAt !== null))
    problems.push(`${user.username}: login event and last login disagree`)
  if (user.changed !== (user.changeEvents === 1))
    problems.push(`${user.username}: password change without its event, or the reverse`)
  if (user.changed && user.otherSessions !== 0)
    problems.push(`${user.username}: password changed but the other session lives`)
  if (!user.changed && user.otherSessions !== user.loginEvents)
    problems.push(`${user.username}: login without its session`)
  return problems
}

describe('crash safety', () => {
  it(`SIGKILLed ${KILLS} times mid-write, the database passes integrity_check, keeps every acknowledged write and holds nothing half done`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-crash-data-'))
    try {
      const setup = openTestCore(dataDir, { passwordHashing: CHEAP_HASHING })
      await withFirstAdmin(setup)
      setup.close()

      const acked = new Map<string, Set<Step>>()
      let killedWhileStarting = 0
      for (let run = 1; run <= KILLS; run++) {
        const outcome = await runAndKill(dataDir, run)
        if (outcome.killedBeforeReady) killedWhileStarting++
        for (const [step, name] of outcome.acked) acked.set(name, (acked.get(name) ?? new Set()).add(step))

        const { integrity, facts } = readFacts(dataDir)
        expect(integrity, `after kill ${run}`).toBe('ok')
        expect([...facts.values()].flatMap(halfDone), `after kill ${run}`).toEqual([])
        for (const [name, steps] of acked) {
          const user = facts.get(name)
          expect(user, `${name} was acknowledged as signed up (kill ${run})`).toBeDefined()
          if (steps.has('login')) expect(user?.loginEvents, `${name}'s acknowledged login`).toBe(1)
          if (steps.has('changed')) expect(user?.changed, `${name}'s acknowledged password change`).toBe(true)
        }
      }

      // The passwords themselves: the new one works exactly where the change happened.
      const { hashes, facts } = readFacts(dataDir)
      const hasher = new PasswordHasher(CHEAP_HASHING)
      for (const [name, hash] of hashes) {
        const expected = facts.get(name)?.changed ? NEW_PASSWORD : STRONG_PASSWORD
        expect(await hasher.verify(hash, expected), `${name}'s password`).toBe(true)
      }
      // And the app still opens the folder as it is.
      openTestCore(dataDir).close()

      const writes = [...acked.values()].reduce((sum, steps) => sum + steps.size, 0)
      console.log(
        `crash test: survived ${KILLS} SIGKILLs (${killedWhileStarting} while starting); ${writes} acknowledged writes by ${acked.size} users all present, ${facts.size} accounts checked, none half done`
      )
      expect(writes, 'the kills landed while the worker was writing').toBeGreaterThan(KILLS)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 120_000)
})
