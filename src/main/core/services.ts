import type { Db } from '../db/database'
import { AccountList } from '../db/account-list-repository'
import { AttemptFailureRepository } from '../db/attempt-failures-repository'
import { AuditEventRepository } from '../db/audit-events-repository'
import { LoginThrottleRepository } from '../db/login-throttle-repository'
import { OutboxRepository } from '../db/outbox-repository'
import { ResetCodeRepository } from '../db/reset-codes-repository'
import { SessionRepository } from '../db/sessions-repository'
import { SettingsRepository } from '../db/settings-repository'
import { TwoFactorRepository } from '../db/two-factor-repository'
import { UserRepository } from '../db/users-repository'
import { AdminAccounts } from './admin/admin-accounts'
import { AttemptThrottle } from './login/attempt-throttle'
import { Accounts } from './accounts/accounts'
import { NewAccounts } from './accounts/new-accounts'
import { AuditLog, type AuditEntry } from './audit/audit-log'
import { systemClock, systemRandomBytes, type Clock, type RandomBytes } from './support/clock'
import { Directory } from './directory/ldap-client'
import { DirectoryAccounts } from './directory/directory-accounts'
import { PasswordAttempts } from './login/attempts'
import { Lockout } from './login/lockout'
import { SignIn, type PendingSecondFactor } from './login/sign-in'
import { Mailer } from './mail/mailer'
import { Outbox } from './mail/outbox'
import { PasswordHasher } from './passwords/hasher'
import { PasswordVerifier } from './passwords/verifier'
import { ResetCodeCheck, type ResetFlow } from './reset/code-check'
import { ResetCodes, WORKSTATION_WRONG_CODES } from './reset/reset-codes'
import { SecretBox } from './support/secret-box'
import { WindowNotes } from './support/window-notes'
import { SessionStore } from './sessions/session-store'
import { SIGN_UP_LIMITS, SignUpThrottle } from './accounts/signup-throttle'
import { ProbePauses } from './login/probe-pauses'
import { ThrottlePauseRepository } from '../db/throttle-pauses-repository'
import type { FixedSettings, Settings } from './settings/load-settings'
import { SettingsEditor } from './settings/settings-editor'
import { TwoFactor } from './two-factor/two-factor-service'
import { PasswordPolicy } from './passwords/policy'
import { PasswordConfirmation } from './login/password-confirmation'
import { Reauthentication } from './login/reauthentication'
import { SessionLocks } from './sessions/lock'
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

/**
 * Wires the core together once per process; hosts and tests call this, nothing else. Every
 * service and repository is built here, in four stages, and handed its collaborators: no class
 * builds its own.
 */
export function createServices(deps: ServiceDeps) {
  const base = createFoundation(deps)
  const signing = createSigning(deps, base)
  const mail = createMailAndReset(deps, base, signing)
  const administration = createAdministration(deps, base, signing, mail)
  return {
    ...base,
    ...signing,
    ...mail,
    ...administration,
    /** A window closed: every per-window step core keeps for it (pending second factor, reset flow) goes. */
    windowClosed(windowId: string): void {
      signing.signIn.windowClosed(windowId)
      mail.resetCodes.windowClosed(windowId)
    }
  }
}

/** What everything else stands on: the clock, the repositories every capability reads, the audit trail, settings. */
function createFoundation(deps: ServiceDeps) {
  const { db, settings } = deps
  const clock = deps.clock ?? systemClock
  const randomBytes = deps.randomBytes ?? systemRandomBytes
  const users = new UserRepository(db)
  const hasher = new PasswordHasher(settings.passwordHashing)
  const policy = new PasswordPolicy(settings.passwordValidators, deps.commonPasswords)
  const sessions = new SessionStore(db, new SessionRepository(db), clock, randomBytes, settings.sessions)
  const lockout = new Lockout(db, new LoginThrottleRepository(db), clock, settings.lockout)
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
  const audit = new AuditLog(
    new AuditEventRepository(db),
    users,
    clock,
    (entry) => {
      deps.onAudit?.(entry)
      syslog?.enqueue(entry, clock.now())
    },
    { retentionInDays: () => settings.audit.retentionInDays }
  )
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
  const throttlePauses = new ThrottlePauseRepository(db)
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
    syslog,
    audit,
    settingsEditor,
    throttlePauses
  }
}

type Foundation = ReturnType<typeof createFoundation>

/** Accounts and every way into one: sign-up, the attempt protocol, sign-in, two-factor, lock and unlock. */
function createSigning(deps: ServiceDeps, base: Foundation) {
  const { db, settings, clock, randomBytes, users, hasher, policy, sessions, lockout, audit } = base
  const directory = settings.directory
    ? new DirectoryAccounts({ db, users, audit, clock, directory: new Directory(settings.directory, deps.env) })
    : null
  const attempts = new PasswordAttempts({ db, lockout, audit, clock, sessions })
  const verifier = new PasswordVerifier({ hasher, directory })
  const newAccounts = new NewAccounts({ db, clock, users, hasher, policy, audit })
  const confirmation = new PasswordConfirmation({ attempts, verifier })
  const sessionLocks = new SessionLocks({ db, users, sessions, audit, confirmation })
  const reauthentication = new Reauthentication({ clock, sessions, audit, confirmation })
  const signUpFailures = new AttemptFailureRepository(db, 'sign_up')
  const signUpThrottle = new SignUpThrottle(
    db,
    new AttemptThrottle(signUpFailures, clock, randomBytes, base.throttlePauses, 'sign_up', SIGN_UP_LIMITS),
    audit
  )
  const accounts = new Accounts({
    db,
    clock,
    users,
    hasher,
    policy,
    sessions,
    audit,
    newAccounts,
    attempts,
    signUpThrottle
  })
  const box = new SecretBox(db, randomBytes)
  const rows = new TwoFactorRepository(db)
  const twoFactor = new TwoFactor({ db, clock, randomBytes, users, rows, verifier, attempts, audit, sessions, box })
  const pending = new WindowNotes<PendingSecondFactor>()
  const signIn = new SignIn({ clock, users, hasher, verifier, lockout, attempts, sessions, audit, twoFactor, pending })
  return {
    attempts,
    verifier,
    newAccounts,
    sessionLocks,
    reauthentication,
    signUpThrottle,
    accounts,
    twoFactor,
    signIn
  }
}

type Signing = ReturnType<typeof createSigning>

/** Mail (the outbox or SMTP) and the password reset it carries, with the pauses that slow probes. */
function createMailAndReset(deps: ServiceDeps, base: Foundation, signing: Signing) {
  const { db, settings, clock, randomBytes, users, hasher, policy, lockout, audit, throttlePauses } = base
  const outbox = new Outbox(new OutboxRepository(db), clock, randomBytes)
  const probePauses = new ProbePauses({ db, pauses: throttlePauses, clock, audit })
  const mailer = new Mailer({
    settings: settings.mail,
    clock,
    outbox,
    audit,
    print: deps.mailEvents?.print ?? ((text) => console.log(text)),
    onStored: deps.mailEvents?.stored ?? (() => {})
  })
  const codes = new ResetCodeRepository(db)
  const wrongCodeFailures = new AttemptFailureRepository(db, 'reset_code')
  const check = new ResetCodeCheck({
    db,
    clock,
    users,
    audit,
    settings: settings.resetCodes,
    codes,
    wrongCodes: new AttemptThrottle(
      wrongCodeFailures,
      clock,
      randomBytes,
      throttlePauses,
      'reset_code',
      WORKSTATION_WRONG_CODES
    )
  })
  const resetCodes = new ResetCodes({
    ...{ db, clock, randomBytes, users, hasher, policy, lockout, audit, mailer, codes, check },
    accounts: signing.accounts,
    twoFactor: signing.twoFactor,
    settings: settings.resetCodes,
    flows: new WindowNotes<ResetFlow>()
  })
  return { outbox, probePauses, mailer, resetCodes }
}

/** What administrators do: accounts in the console, backups, unused accounts. */
function createAdministration(
  deps: ServiceDeps,
  base: Foundation,
  signing: Signing,
  mail: ReturnType<typeof createMailAndReset>
) {
  const { db, settings, clock, users, hasher, policy, sessions, lockout, audit } = base
  const admin = new AdminAccounts({
    ...{ db, clock, users, hasher, policy, sessions, lockout, audit },
    list: new AccountList(db),
    accounts: signing.accounts,
    newAccounts: signing.newAccounts,
    resetCodes: mail.resetCodes
  })
  const warn = (message: string): void => console.warn(message)
  const dataDir = deps.dataDir ?? null
  const backups = new Backups({ db, clock, audit, dataDir, schedule: settings.backup ?? null, warn })
  const unusedAccounts = new UnusedAccounts({ db, clock, users, sessions, audit, settings, warn })
  return { admin, backups, unusedAccounts }
}

export type Services = ReturnType<typeof createServices>
