import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createAppCore, type AppCore } from '../../src/main/app'
import { makeSettings, type SettingsInput } from '../../src/main/core/settings/load-settings'
import type { CallerContext } from '../../src/main/ipc/caller'
import type { AppLog } from '../../src/main/desktop/log'
import type { Timers } from '../../src/main/core/support/timers'

/** Timers that only record their jobs: the test runs them when it likes. */
export class ManualTimers implements Timers {
  readonly jobs: { milliseconds: number; job: () => void }[] = []
  every(milliseconds: number, job: () => void): () => void {
    const entry = { milliseconds, job }
    this.jobs.push(entry)
    return () => this.jobs.splice(this.jobs.indexOf(entry), 1)
  }
}

export const RESOURCES_DIR = resolve(__dirname, '../../resources')

/** Real argon2id, cheap enough for tests (production parameters live in the benchmark). */
export const CHEAP_HASHING = { memoryCostInKiB: 1024, timeCost: 1, parallelism: 1 }

/** A clock the test moves by hand; what waits on it (a slowed answer) goes when it is moved past. */
export class ManualClock {
  /** When each waiter wants to go, in the order they started waiting. */
  private readonly sleepers: { at: number; wake: () => void }[] = []

  constructor(public current = Date.UTC(2026, 0, 1)) {}
  now = (): number => this.current
  sleepUntil = (at: number): Promise<void> =>
    at <= this.current ? Promise.resolve() : new Promise((wake) => this.sleepers.push({ at, wake }))

  /** The times still waited for (a slowed answer not yet sent), in the order asked. */
  get waiting(): number[] {
    return this.sleepers.map((sleeper) => sleeper.at)
  }

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000
    for (const sleeper of this.sleepers.filter((s) => s.at <= this.current)) {
      this.sleepers.splice(this.sleepers.indexOf(sleeper), 1)
      sleeper.wake()
    }
  }
}

export interface TestCore extends AppCore {
  dataDir: string
  clock: ManualClock
  /** Closes the database and removes the temp folder. */
  dispose(): void
}

export interface TestCoreOptions {
  logError?: (m: string) => void
  /** A message reached the development outbox. */
  onMail?: () => void
  /** Where development mail is printed; tests keep the terminal quiet unless they listen. */
  printMail?: (text: string) => void
  /** The clock the core starts with (default: a fresh ManualClock). */
  clock?: ManualClock
  /** The host's log (logs/main.log). */
  log?: AppLog
  /** The environment the core reads (e.g. the directory's bind password). */
  env?: NodeJS.ProcessEnv
  /** The hourly and daily jobs' timers (default: real ones, unref'd). */
  timers?: Timers
}

/** A real core on a real SQLite file in a fresh temp folder. */
export function makeTestCore(overrides: SettingsInput = {}, options: TestCoreOptions = {}): TestCore {
  return openTestCore(mkdtempSync(join(tmpdir(), 'local-accounts-test-')), overrides, options)
}

/** A real core on the data folder `dataDir` (e.g. a second core on another core's folder). */
export function openTestCore(dataDir: string, overrides: SettingsInput = {}, options: TestCoreOptions = {}): TestCore {
  const clock = options.clock ?? new ManualClock()
  const settings = makeSettings({ ...overrides, passwordHashing: { ...CHEAP_HASHING, ...overrides.passwordHashing } })
  const core = createAppCore({
    dataDir,
    resourcesDir: RESOURCES_DIR,
    settings,
    clock,
    env: options.env,
    timers: options.timers,
    logError: options.logError,
    onMail: options.onMail,
    printMail: options.printMail ?? (() => {}),
    log: options.log
  })
  return {
    ...core,
    dataDir,
    clock,
    dispose() {
      core.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export const appWindow = (id = 'w1'): CallerContext => ({ windowId: id, kind: 'app' })
export const mailLogWindow = (id = 'm1'): CallerContext => ({ windowId: id, kind: 'mail-log' })

export const STRONG_PASSWORD = 'violet-Anchor-92-quietly'

export function signUpInput(username: string, password = STRONG_PASSWORD) {
  return {
    username,
    email: `${username.toLowerCase()}@example.com`,
    password,
    passwordConfirmation: password
  }
}

/** Creates the first administrator through the router, so that sign-up is open. */
export async function withFirstAdmin(core: AppCore, username = 'admin', windowId = 'admin-window') {
  const result = await core.router.handle(appWindow(windowId), 'createFirstAdmin', signUpInput(username))
  if (!result.ok) throw new Error(`first admin failed: ${JSON.stringify(result.error)}`)
  // As a person at the console would before a sensitive change (Confirm it's you, 5 minutes).
  await confirmItsYou(core, windowId)
  return result.data
}

/**
 * A signed-up user `name` (email `<name>@example.com`), signed in in `window`; creates the
 * first administrator first when the folder is new.
 */
export async function withUser(
  core: TestCore,
  name = 'alice',
  window = `${name}-window`
): Promise<{ id: number; email: string; window: string }> {
  if (core.services.accounts.isFirstRun()) await withFirstAdmin(core)
  const result = await core.router.handle(appWindow(window), 'signUp', signUpInput(name))
  if (!result.ok) throw new Error(`sign-up failed: ${JSON.stringify(result.error)}`)
  await confirmItsYou(core, window)
  const user = core.services.users.byEmailKey(`${name.toLowerCase()}@example.com`)
  if (!user) throw new Error('user missing')
  return { id: user.id, email: user.email, window }
}

/** Confirm it's you: the window's user gives their password again, for the sensitive channels after it. */
export async function confirmItsYou(core: AppCore, window: string | CallerContext, password = STRONG_PASSWORD) {
  const caller = typeof window === 'string' ? appWindow(window) : window
  const result = await core.router.handle(caller, 'reauthenticate', { password })
  if (!result.ok) throw new Error(`reauthentication failed: ${JSON.stringify(result.error)}`)
}

/**
 * Sessions end after at most a day idle (the settings' bound): a test that moves the clock by days
 * signs the window in again, as the person would, and confirms the password for sensitive changes.
 */
export async function signInAgain(core: AppCore, username = 'admin', windowId = 'admin-window') {
  const result = await core.router.handle(appWindow(windowId), 'logIn', {
    identifier: username,
    password: STRONG_PASSWORD
  })
  if (!result.ok) throw new Error(`log in failed: ${JSON.stringify(result.error)}`)
  await confirmItsYou(core, windowId)
}
