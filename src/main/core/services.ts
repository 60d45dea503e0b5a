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
import type { FixedSettings, Settings } from './settings/load-settings'
import { SettingsEditor } from './settings/settings-editor'
import { SettingsRepository } from '../db/settings-repository'
import { TwoFactor } from './two-factor/two-factor-service'
import { PasswordPolicy } from './passwords/policy'
import { Backups } from './backups/backups'
import { UnusedAccounts } from './admin/unused-accounts'
import { SyslogSender } from './audit/syslog'

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
  /** The data folder (backups go to its `backups/`); absent for a database with no folder (a dry run). */
  dataDir?: string
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
  // Every stored event also goes to syslog when audit.syslog is set; its outages are audited once each.
  const syslog = settings.audit.syslog
    ? new SyslogSender(settings.audit.syslog, (state, detail) => {
        try {
          audit.record({
            kind: state === 'down' ? 'syslog_unreachable' : 'syslog_reachable',
            outcome: state === 'down' ? 'failure' : 'success',
            detail
          })
        } catch (error) {
          console.warn(`syslog ${state}: ${detail} (not audited: ${String(error)})`)
        }
      })
    : null
  const audit = new AuditLog(db, clock, (entry) => {
    deps.onAudit?.(entry)
    syslog?.enqueue(entry, clock.now())
  })
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
  const backups = new Backups({
    db,
    clock,
    audit,
    dataDir: deps.dataDir ?? null,
    schedule: settings.backup ?? null,
    warn: (message) => console.warn(message)
  })
  const unusedAccounts = new UnusedAccounts({
    db,
    clock,
    users,
    sessions,
    audit,
    settings,
    warn: (message) => console.warn(message)
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
    admin,
    outbox,
    mailer,
    resetCodes,
    settingsEditor,
    twoFactor,
    backups,
    unusedAccounts,
    syslog
  }
}

export type Services = ReturnType<typeof createServices>
