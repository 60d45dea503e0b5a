import type { Db } from '../db/database'
import { UserRepository } from '../db/users'
import { Accounts } from './accounts'
import { AuditLog } from './audit'
import { systemClock, systemRandomBytes, type Clock, type RandomBytes } from './clock'
import { Lockout } from './lockout'
import { PasswordHasher } from './passwords'
import { SessionStore } from './sessions'
import type { Settings } from './settings'
import { PasswordPolicy } from './validators'

export interface ServiceDeps {
  db: Db
  settings: Settings
  commonPasswords: ReadonlySet<string>
  clock?: Clock
  randomBytes?: RandomBytes
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
  const accounts = new Accounts({ db, clock, users, hasher, policy, sessions, lockout, audit })
  return { db, settings, clock, randomBytes, users, hasher, policy, sessions, lockout, audit, accounts }
}

export type Services = ReturnType<typeof createServices>
