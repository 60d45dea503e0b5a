import type {
  Page,
  PlaywrightTestArgs,
  PlaywrightTestOptions,
  PlaywrightWorkerArgs,
  PlaywrightWorkerOptions,
  TestType
} from '@playwright/test'

/** The public types of `local-accounts/testing` (docs/testing.md); names fixed by the product. */

export type Target = 'electron' | 'browser'

export interface Person {
  username: string
  email: string
  password: string
}

export interface App {
  /** The app's main window. */
  page: Page
  /** Another app window with its own session (a second person at the same machine). */
  openWindow(): Promise<Page>
  /** The Mail log window (development mail). */
  mailLog(): Promise<Page>
  /** This test's own data folder, removed after the test. */
  dataDir: string
  target: Target
}

export interface NewAccount extends Person {
  admin?: boolean
  /** false: the account exists but cannot sign in (default true). */
  active?: boolean
}

export interface Accounts {
  /** Makes an account straight in the data folder (no screen); pages show it from their next navigation. */
  create(account: NewAccount): Promise<Person & { id: number }>
  /** Counts failed logins for `username` up to the lockout limit, as that many wrong passwords would. */
  lockOut(username: string): Promise<void>
}

export interface Mail {
  to: string
  subject: string
  text: string
  /** The reset code the message carries (`XXXX-XXXX-XXXX-XXXX`), or null. */
  code: string | null
  /** When it was sent, by the app's clock (milliseconds since the epoch). */
  sentAt: number
}

export interface Outbox {
  /** The newest message to `to` (any case), waiting up to 10 s for one to arrive. */
  latest(to: string): Promise<Mail>
  /** Every message in the outbox, newest first. */
  all(): Promise<Mail[]>
}

export interface TwoFactor {
  /** Turns on two-factor authentication for `username`; the current code is still unused. */
  enable(username: string): Promise<{ secret: string; recoveryCodes: string[] }>
  /** The current 6-digit code for `secret`, by the app's clock. */
  code(secret: string): string
}

export interface TestClock {
  /** Moves the app's clock `seconds` forward (idle sign-out, lockout and code expiry) without waiting. */
  advance(seconds: number): Promise<void>
}

export type SettingsFile = Record<string, unknown>

export interface KitOptions {
  /** What the data folder holds at start: the administrator `ADMIN` (default), or nothing (First run). */
  seed: 'admin' | 'empty'
  /**
   * settings.json written before the app starts (null: none). `{ build }` makes it when the test
   * starts, for values known only then (Playwright would take a bare function for a fixture).
   */
  settings: SettingsFile | { build: () => SettingsFile } | null
  /** Environment variables the app's main process sees, added to the test runner's own for Electron. */
  env: Record<string, string>
  /** The target for this project; unset: LOCAL_ACCOUNTS_TARGET, else Electron where a binary exists, else the browser. */
  target: Target | undefined
}

export interface KitFixtures {
  app: App
  accounts: Accounts
  mail: Outbox
  twoFactor: TwoFactor
  clock: TestClock
}

/** `test` of `local-accounts/testing`: Playwright's own, with the kit's fixtures and options. */
export type KitTest = TestType<
  PlaywrightTestArgs & PlaywrightTestOptions & KitOptions & KitFixtures,
  PlaywrightWorkerArgs & PlaywrightWorkerOptions
>
