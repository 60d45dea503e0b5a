import type { Db } from '../db/database'
import { UserRepository } from '../db/users-repository'
import { AccountList } from '../db/account-list-repository'
import { AdminAccounts } from './admin/admin-accounts'
import { AttemptThrottle } from './login/attempt-throttle'
import { Accounts } from './accounts/accounts'
import { AuditLog, type AuditEntry } from './audit/audit-log'
import { systemClock, systemRandomBytes, type Clock, type RandomBytes } from './support/clock'
import { Directory } from './directory/ldap-client'
import { DirectoryAccounts } from './directory/directory-accounts'
import { Lockout } from './login/lockout'
import { Mailer } from './mail/mailer'
import { Outbox } from './mail/outbox'
import { PasswordHasher } from './passwords/hasher'
import { ResetCodes } from './reset/reset-codes'
import { SecretBox } from './support/secret-box'
import { SessionStore } from './sessions/session-store'
import { SIGN_UP_LIMITS, SignUpThrottle } from './accounts/signup-throttle'
import { ProbePauses } from './login/probe-pauses'
import type { FixedSettings, Settings } from './settings/load-settings'
import { SettingsEditor } from './settings/settings-editor'
import { SettingsRepository } from '../db/settings-repository'
import { TwoFactor } from './two-factor/two-factor-service'
import { PasswordPolicy } from './passwords/policy'

export interface ServiceDeps {
  db: Db
  settings: Settings
  /** Settings that settings.json or the environment set; stored values never override these. */
  fixedSettings?: FixedSettings
  commonPasswords: ReadonlySet<string>
  clock?: Clock
  randomBytes?: RandomBytes
  mailEvents?: MailEvents
  /** Every audit event, once stored. */
  onAudit?: (entry: AuditEntry) => void
  /** Where the directory's bind password is read from (default: the process environment). */
  env?: NodeJS.ProcessEnv
}

export interface MailEvents {
  /** Where the development mailer prints each message (default: the terminal). */
  print?: (text: string) => void
  /** A message reached the development outbox (hosts refresh the Mail log window). */
  stored?: () => void
}

/** Wires the core together once per process; hosts and tests call this, nothing else. */
export function createServices(deps: ServiceDeps) {
  const { db, settings } = deps
  const clock = deps.clock ?? systemClock
  const randomBytes = deps.randomBytes ?? systemRandomBytes
  const users = new UserRepository(db)
  const hasher = new PasswordHasher(settings.passwordHashing)
  const policy = new PasswordPolicy(settings.passwordValidators, deps.commonPasswords)
  const sessions = new SessionStore(db, clock, randomBytes, settings.sessions)
  const lockout = new Lockout(db, clock, settings.lockout)
  const audit = new AuditLog(db, clock, deps.onAudit, { retentionInDays: () => settings.audit.retentionInDays })
  const settingsEditor = new SettingsEditor({
    db,
    clock,
    audit,
    repository: new SettingsRepository(db),
    settings,
    fixed: deps.fixedSettings ?? {},
    warn: (message) => console.warn(message),
    env: deps.env
  })
  // Before any service reads them (the Mailer checks its transport when it is built).
  settingsEditor.applyStored()
  const directory = settings.directory
    ? new DirectoryAccounts({ db, users, audit, clock, directory: new Directory(settings.directory, deps.env) })
    : null
  const accounts = new Accounts({ db, clock, users, hasher, policy, sessions, lockout, audit, directory })
  const signUpThrottle = new SignUpThrottle(
    db,
    new AttemptThrottle(db, clock, randomBytes, 'sign_up', SIGN_UP_LIMITS),
    audit
  )
  const probePauses = new ProbePauses({ db, clock, audit })
  const outbox = new Outbox(db, clock, randomBytes)
  const mailer = new Mailer({
    settings: settings.mail,
    clock,
    outbox,
    audit,
    print: deps.mailEvents?.print ?? ((text) => console.log(text)),
    onStored: deps.mailEvents?.stored ?? (() => {})
  })
  const resetCodes = new ResetCodes({
    db,
    clock,
    randomBytes,
    users,
    accounts,
    hasher,
    policy,
    lockout,
    audit,
    mailer,
    settings: settings.resetCodes
  })
  const admin = new AdminAccounts({
    db,
    clock,
    users,
    list: new AccountList(db),
    accounts,
    hasher,
    policy,
    sessions,
    lockout,
    audit,
    resetCodes
  })
  const twoFactor = new TwoFactor({
    db,
    clock,
    randomBytes,
    users,
    hasher,
    accounts,
    lockout,
    audit,
    box: new SecretBox(db, randomBytes)
  })
  return {
    db,
    settings,
    clock,
    randomBytes,
    users,
    hasher,
    policy,
    sessions,
    lockout,
    audit,
    accounts,
    signUpThrottle,
    probePauses,
    admin,
    outbox,
    mailer,
    resetCodes,
    settingsEditor,
    twoFactor
  }
}

export type Services = ReturnType<typeof createServices>
