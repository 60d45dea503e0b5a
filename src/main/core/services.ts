import type { Db } from '../db/database'
import { UserRepository } from '../db/users'
import { AccountList } from '../db/account-list'
import { AdminAccounts } from './admin'
import { Accounts } from './accounts'
import { AuditLog } from './audit'
import { systemClock, systemRandomBytes, type Clock, type RandomBytes } from './clock'
import { Directory } from './directory'
import { DirectoryAccounts } from './directory-accounts'
import { Lockout } from './lockout'
import { Mailer } from './mail'
import { Outbox } from './outbox'
import { PasswordHasher } from './passwords'
import { ResetCodes } from './reset-codes'
import { SessionStore } from './sessions'
import type { Settings } from './settings'
import { PasswordPolicy } from './validators'

export interface ServiceDeps {
  db: Db
  settings: Settings
  commonPasswords: ReadonlySet<string>
  clock?: Clock
  randomBytes?: RandomBytes
  mailEvents?: MailEvents
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
  const audit = new AuditLog(db, clock)
  const directory = settings.directory
    ? new DirectoryAccounts({ db, users, audit, clock, directory: new Directory(settings.directory, deps.env) })
    : null
  const accounts = new Accounts({ db, clock, users, hasher, policy, sessions, lockout, audit, directory })
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
    admin,
    outbox,
    mailer,
    resetCodes
  }
}

export type Services = ReturnType<typeof createServices>
