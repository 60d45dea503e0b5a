import type { AuditKind } from '../../../shared/audit-kinds'
import { type Db, writeTransaction } from '../../db/database'
import { deleteUnusedResetCodes } from '../../db/reset-codes-repository'
import type { UserRecord, UserRepository } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import { passwordManagedByDirectory, type DirectoryAccounts } from '../directory/directory-accounts'
import type { Clock } from '../support/clock'
import { AppError, FieldErrors } from '../support/errors'
import { emailKey, normalizeUsername, usernameKey } from './identity'
import type { Lockout } from '../login/lockout'
import { NewAccounts, type NewAccountInput } from './new-accounts'
import { lockedOut, PasswordAttempts, type Attempt } from '../login/attempts'
import { PasswordVerifier } from '../passwords/verifier'
import type { PasswordHasher } from '../passwords/hasher'
import type { SessionStore } from '../sessions/session-store'
import type { PasswordPolicy } from '../passwords/policy'
import { expiredLogin, isExpired } from '../admin/expiry'

export interface AccountsDeps {
  db: Db
  clock: Clock
  users: UserRepository
  hasher: PasswordHasher
  policy: PasswordPolicy
  sessions: SessionStore
  lockout: Lockout
  audit: AuditLog
  /** Directory sign-in, when the settings configure a directory. */
  directory?: DirectoryAccounts | null
}

export type { NewAccountInput }

export interface SignedIn {
  user: UserRecord
  /** Stays in the main process: the router binds it to the window. */
  token: string
}

/** The password was right but the account asks for a second factor: no session yet. */
export interface SecondFactorDue {
  user: UserRecord
  token: null
}

/** Sign-up, login and password change: the rules of Django's auth forms, for one workstation. */
export class Accounts {
  /** Validation and creation of accounts, one named method per route (sign-up, console, createsuperuser). */
  readonly newAccounts: NewAccounts
  private readonly attempts: PasswordAttempts
  private readonly passwords: PasswordVerifier

  constructor(private readonly deps: AccountsDeps) {
    this.newAccounts = new NewAccounts(deps)
    this.attempts = new PasswordAttempts(deps)
    this.passwords = new PasswordVerifier(deps)
  }

  validateNewAccount(input: NewAccountInput): { username: string; email: string } {
    return this.newAccounts.validate(input)
  }

  /** An account made outright (seeding, tests), audited as `auditKind` (default `sign_up`). */
  createAccount(input: NewAccountInput, options: { isAdmin: boolean; auditKind?: AuditKind }): Promise<UserRecord> {
    return this.newAccounts.createOutright(input, options.isAdmin, options.auditKind ?? 'sign_up')
  }

  /** Sign-up (or first-run administrator) and sign-in of the window, as Django's signup view. */
  async signUp(input: NewAccountInput, windowId: string, options: { firstAdmin?: boolean } = {}): Promise<SignedIn> {
    const user = await (options.firstAdmin ? this.newAccounts.createFirstAdmin(input) : this.newAccounts.signUp(input))
    const token = this.deps.sessions.create(user.id, windowId)
    return { user, token }
  }

  /**
   * Login by username or email. Every wrong credential and an inactive account give the same
   * error, and an unknown name still costs one hash verification. The attempt is counted before
   * the password is verified (see Lockout), so a burst of calls gets no more guesses than calls
   * made one at a time.
   */
  async logIn(
    identifier: string,
    password: string,
    windowId: string,
    options: { secondFactorDue?: (user: UserRecord) => boolean } = {}
  ): Promise<SignedIn | SecondFactorDue> {
    const { users, hasher, lockout, clock, db } = this.deps
    const typed = normalizeUsername(identifier).trim()
    const user = users.byUsernameKey(usernameKey(typed)) ?? users.byEmailKey(emailKey(typed))
    const attempt: Attempt = user
      ? { kind: 'login', key: usernameKey(user.username), subject: user, actor: null }
      : { kind: 'login', key: lockout.unknownNameKey(usernameKey(typed)), subject: null, actor: null }
    this.attempts.admit(attempt)

    const hash = user?.passwordHash ?? null
    const verdict = await this.passwords.verifyAdmitted(attempt, user, typed, password)
    // A directory user's first login makes their shadow account: from here on, that is the account.
    const account = verdict.shadow !== undefined ? verdict.shadow : user
    if (!account || !verdict.ok || !account.isActive) throw this.attempts.wrongPassword(attempt, 'wrong credentials')
    if (isExpired(account, clock.now())) throw expiredLogin(this.deps, attempt)
    // Hashed before the login's transaction, stored inside it: the upgrade (of a Django hash, or
    // to new parameters) and the login land together.
    const upgraded = hash !== null && hasher.needsRehash(hash) ? await hasher.hash(password) : null

    const signedIn = writeTransaction(db, (): { token: string | null } | AppError => {
      // Looked up again: the password may have been changed (not merely rehashed by another
      // login) or the account deactivated while it was verified.
      const current = users.byId(account.id)
      const changed = current?.passwordHash !== hash && current?.passwordChangedAt !== account.passwordChangedAt
      if (!current || !current.isActive || changed) {
        return this.attempts.recordWrongPassword(attempt, 'wrong credentials')
      }
      // A lock that came while the password was verified wins over a right password.
      const lockedUntil = lockout.lockedUntil(attempt.key)
      if (lockedUntil !== null) {
        this.attempts.audit(attempt, 'locked out')
        return lockedOut(lockedUntil, clock.now())
      }
      // A temporary password opens one login; after that only the administrator can help.
      if (current.mustChangePassword && !users.spendTemporaryPassword(current.id, clock.now())) {
        return this.attempts.recordWrongPassword(attempt, 'temporary password already used')
      }
      if (upgraded !== null) users.replacePasswordHash(account.id, hash as string, upgraded)
      // The first login of a directory user was counted under the name typed, not yet an account's.
      if (attempt.key !== usernameKey(current.username)) lockout.clear(attempt.key)
      // A second factor due: no session yet, and the earlier failures stay until the code is right
      // too, so a known password does not reset the count of guessed codes.
      if (options.secondFactorDue?.(current)) {
        lockout.withdraw(attempt.key)
        return { token: null }
      }
      return { token: this.startSession(current, windowId).token }
    })
    if (signedIn instanceof AppError) throw signedIn

    return { user: users.byId(account.id) as UserRecord, token: signedIn.token }
  }

  /** The last step of every login: the failure count goes, the login is recorded, a session starts. */
  startSession(user: UserRecord, windowId: string, detail: string | null = null): SignedIn {
    const { users, lockout, audit, sessions, clock, db } = this.deps
    const token = writeTransaction(db, () => {
      lockout.clear(usernameKey(user.username))
      users.setLastLogin(user.id, clock.now())
      audit.record({ kind: 'login', outcome: 'success', actor: user, subject: user, detail })
      return sessions.create(user.id, windowId)
    })
    return { user: users.byId(user.id) as UserRecord, token }
  }

  logOut(user: UserRecord, token: string): void {
    const { db, sessions, audit } = this.deps
    try {
      writeTransaction(db, () => {
        sessions.delete(token)
        audit.record({ kind: 'logout', outcome: 'success', actor: user, subject: user })
      })
    } catch (error) {
      // Whatever failed (the audit line, a full disk), the session must not outlive a log-out.
      sessions.delete(token)
      throw error
    }
  }

  /**
   * Old password checked, new one validated and confirmed; other sessions end, this one stays.
   * A wrong old password counts toward the user's login lockout, is answered on its own whatever
   * the new password is, and the window that guesses its way into a lock is signed out.
   */
  async changePassword(
    user: UserRecord,
    currentToken: string,
    input: { oldPassword: string; newPassword: string; newPasswordConfirmation: string }
  ): Promise<void> {
    const { hasher, policy, audit, db, sessions, lockout, clock } = this.deps
    if (user.directoryDn !== null) throw passwordManagedByDirectory()
    const attempt: Attempt = { kind: 'password_change', key: usernameKey(user.username), subject: user, actor: user }
    this.attempts.admit(attempt)
    const oldOk = user.passwordHash !== null && (await hasher.verify(user.passwordHash, input.oldPassword))
    if (!oldOk) {
      throw writeTransaction(db, () => {
        const error = this.attempts.recordWrongPassword(attempt, 'wrong old password')
        if (error.code === 'locked_out') sessions.delete(currentToken)
        return error
      })
    }
    const lockedUntil = writeTransaction(db, () => {
      const until = lockout.forgive(attempt.key)
      if (until !== null) this.attempts.audit(attempt, 'locked out')
      return until
    })
    if (lockedUntil !== null) throw lockedOut(lockedUntil, clock.now())

    const errors = new FieldErrors()
    policy.addNewPasswordErrors(errors, input, ['newPassword', 'newPasswordConfirmation'], user)
    if (!errors.isEmpty) {
      audit.record({ kind: 'password_change', outcome: 'failure', actor: user, subject: user })
      errors.throwIfAny()
    }
    const hash = await hasher.hash(input.newPassword)
    writeTransaction(this.deps.db, () => {
      this.setPassword(user.id, hash, { keepToken: currentToken })
      audit.record({ kind: 'password_change', outcome: 'success', actor: user, subject: user })
    })
  }

  /**
   * The one place a password hash changes: every other session of the user ends and every
   * unused reset code dies, whichever route changed it. Call inside a transaction.
   */
  setPassword(userId: number, hash: string, options: { keepToken?: string; mustChange?: boolean } = {}): void {
    const { users, sessions, clock, db } = this.deps
    users.setPasswordHash(userId, hash, clock.now(), options.mustChange === true)
    sessions.deleteAllForUser(userId, options.keepToken, 'password_changed')
    deleteUnusedResetCodes(db, userId)
  }

  /** Whether the first-run screen applies: no account exists yet. */
  isFirstRun(): boolean {
    return this.deps.users.count() === 0
  }
}
