import type { AuditKind } from '../../shared/audit-kinds'
import type { Db } from '../db/database'
import { deleteUnusedResetCodes } from '../db/reset-codes'
import type { FieldError } from '../../shared/result'
import type { UserRecord, UserRepository } from '../db/users'
import type { AuditLog } from './audit'
import { passwordManagedByDirectory, type DirectoryAccounts } from './directory-accounts'
import type { Clock } from './clock'
import { AppError, FieldErrors, fieldError, invalidCredentials } from './errors'
import {
  emailErrors,
  emailKey,
  normalizeEmail,
  normalizeUsername,
  usernameErrors,
  usernameKey
} from './identity'
import type { Lockout } from './lockout'
import type { PasswordHasher } from './passwords'
import type { SessionStore } from './sessions'
import type { PasswordPolicy } from './validators'

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

export interface NewAccountInput {
  username: string
  email: string
  password: string
  passwordConfirmation: string
}

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

const usernameTaken: FieldError = fieldError('username_taken')
const emailTaken: FieldError = fieldError('email_taken')

/** Sign-up, login and password change: the rules of Django's auth forms, for one workstation. */
export class Accounts {
  constructor(private readonly deps: AccountsDeps) {}

  /**
   * A normalised username's format problems, else `username_taken`. Login looks a name up as a
   * username first, then as an email: a username equal to someone's email (or the reverse, in
   * `emailProblems`) would capture that person's login, so both count as taken.
   */
  usernameProblems(username: string): FieldError[] {
    const problems = usernameErrors(username)
    if (problems.length > 0) return problems
    const { users } = this.deps
    return users.usernameKeyTaken(usernameKey(username)) || users.emailKeyTaken(emailKey(username)) ? [usernameTaken] : []
  }

  /** A normalised email's format problems, else `email_taken` (by anyone but `exceptUserId`). */
  emailProblems(email: string, exceptUserId = 0): FieldError[] {
    const problems = emailErrors(email)
    if (problems.length > 0) return problems
    const { users } = this.deps
    const taken =
      users.emailKeyTaken(emailKey(email), exceptUserId) || users.usernameKeyTaken(usernameKey(email), exceptUserId)
    return taken ? [emailTaken] : []
  }

  /** Validates every field of a new account together; returns normalised values. */
  validateNewAccount(input: NewAccountInput): { username: string; email: string } {
    const username = normalizeUsername(input.username)
    const email = normalizeEmail(input.email)
    const errors = new FieldErrors()
    errors.add('username', this.usernameProblems(username))
    errors.add('email', this.emailProblems(email))
    this.deps.policy.addNewPasswordErrors(errors, input, ['password', 'passwordConfirmation'], { username, email })
    errors.throwIfAny()
    return { username, email }
  }

  /**
   * Creates an account (validated, hashed) in one transaction with its audit event.
   */
  async createAccount(
    input: NewAccountInput,
    options: {
      isAdmin: boolean
      /** The first-run administrator: refused once any account exists. */
      onlyIfFirst?: boolean
      /** Self sign-up: refused until the first administrator exists. */
      requireExisting?: boolean
      actor?: UserRecord | null
      auditKind?: AuditKind
    }
  ): Promise<UserRecord> {
    const { db, users, hasher, audit, clock } = this.deps
    if (options.onlyIfFirst && users.count() > 0) throw firstRunOver()
    if (options.requireExisting && users.count() === 0) throw firstRunPending()
    const { username, email } = this.validateNewAccount(input)
    const passwordHash = await hasher.hash(input.password)
    const id = db.transaction(() => {
      if (options.onlyIfFirst && users.count() > 0) throw firstRunOver()
      if (options.requireExisting && users.count() === 0) throw firstRunPending()
      // Checked again inside the transaction: another window may have taken the name meanwhile.
      this.validateNewAccount(input)
      const newId = users.insert({
        username,
        usernameKey: usernameKey(username),
        email,
        emailKey: emailKey(email),
        passwordHash,
        isAdmin: options.isAdmin,
        createdAt: clock.now()
      })
      audit.record({
        kind: options.auditKind ?? 'sign_up',
        outcome: 'success',
        actor: options.actor ? { id: options.actor.id, username: options.actor.username } : { id: newId, username },
        subject: { id: newId, username },
        detail: options.isAdmin ? 'administrator' : null
      })
      return newId
    }).immediate()
    return users.byId(id) as UserRecord
  }

  /** Sign-up (or first-run administrator) and sign-in of the window, as Django's signup view. */
  async signUp(input: NewAccountInput, windowId: string, options: { firstAdmin?: boolean } = {}): Promise<SignedIn> {
    const user = await this.createAccount(input, {
      isAdmin: options.firstAdmin === true,
      onlyIfFirst: options.firstAdmin === true,
      requireExisting: options.firstAdmin !== true,
      auditKind: options.firstAdmin ? 'first_admin_created' : 'sign_up'
    })
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
    this.admit(attempt)

    const hash = user?.passwordHash ?? null
    const verdict = await this.verifyPasswordAdmitted(attempt, user, typed, password)
    // A directory user's first login makes their shadow account: from here on, that is the account.
    const account = verdict.shadow !== undefined ? verdict.shadow : user
    if (!account || !verdict.ok || !account.isActive) throw this.wrongPassword(attempt, 'wrong credentials')
    // Hashed before the login's transaction, stored inside it: the upgrade (of a Django hash, or
    // to new parameters) and the login land together.
    const upgraded = hash !== null && hasher.needsRehash(hash) ? await hasher.hash(password) : null

    const signedIn = db.transaction((): { token: string | null } | AppError => {
      // Looked up again: the password may have been changed (not merely rehashed by another
      // login) or the account deactivated while it was verified.
      const current = users.byId(account.id)
      const changed = current?.passwordHash !== hash && current?.passwordChangedAt !== account.passwordChangedAt
      if (!current || !current.isActive || changed) {
        return this.recordWrongPassword(attempt, 'wrong credentials')
      }
      // A lock that came while the password was verified wins over a right password.
      const lockedUntil = lockout.lockedUntil(attempt.key)
      if (lockedUntil !== null) {
        this.auditAttempt(attempt, 'locked out')
        return lockedOut(lockedUntil, clock.now())
      }
      // A temporary password opens one login; after that only the administrator can help.
      if (current.mustChangePassword && !users.spendTemporaryPassword(current.id, clock.now())) {
        return this.recordWrongPassword(attempt, 'temporary password already used')
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
    }).immediate()
    if (signedIn instanceof AppError) throw signedIn

    return { user: users.byId(account.id) as UserRecord, token: signedIn.token }
  }

  /** The last step of every login: the failure count goes, the login is recorded, a session starts. */
  startSession(user: UserRecord, windowId: string, detail: string | null = null): SignedIn {
    const { users, lockout, audit, sessions, clock, db } = this.deps
    const token = db.transaction(() => {
      lockout.clear(usernameKey(user.username))
      users.setLastLogin(user.id, clock.now())
      audit.record({ kind: 'login', outcome: 'success', actor: user, subject: user, detail })
      return sessions.create(user.id, windowId)
    })()
    return { user: users.byId(user.id) as UserRecord, token }
  }

  /**
   * A local password is checked here; an unknown name or a shadow account is the directory's to
   * decide, when one is configured (its shadow account comes back refreshed). Every route costs
   * at least one argon2 verification, so timing does not tell an unknown name from a wrong password.
   */
  /**
   * `verifyPassword` for an attempt already counted. When the directory cannot answer there was
   * no verdict at all, so the attempt's own count is taken back before the error goes out.
   */
  private async verifyPasswordAdmitted(
    attempt: Attempt,
    user: UserRecord | null,
    typed: string,
    password: string
  ): Promise<{ ok: boolean; shadow?: UserRecord | null }> {
    try {
      return await this.verifyPassword(user, typed, password)
    } catch (error) {
      const { db, lockout } = this.deps
      if (error instanceof AppError && error.code === 'directory_unreachable') {
        db.transaction(() => lockout.withdraw(attempt.key)).immediate()
      }
      throw error
    }
  }

  private async verifyPassword(
    user: UserRecord | null,
    typed: string,
    password: string
  ): Promise<{ ok: boolean; shadow?: UserRecord | null }> {
    const { hasher, directory } = this.deps
    if (user?.passwordHash) return { ok: await hasher.verify(user.passwordHash, password) }
    if (!directory || !directory.decides(user)) return { ok: await hasher.verifyDummy(password) }
    const [verdict] = await Promise.all([directory.verify(user, typed, password), hasher.verifyDummy(password)])
    if (!verdict.ok) return { ok: false }
    const shadow = directory.upsertShadow(typed, verdict.entry)
    return { ok: shadow !== null, shadow }
  }

  logOut(user: UserRecord, token: string): void {
    const { db, sessions, audit } = this.deps
    try {
      db.transaction(() => {
        sessions.delete(token)
        audit.record({ kind: 'logout', outcome: 'success', actor: user, subject: user })
      }).immediate()
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
    this.admit(attempt)
    const oldOk = user.passwordHash !== null && (await hasher.verify(user.passwordHash, input.oldPassword))
    if (!oldOk) {
      throw db.transaction(() => {
        const error = this.recordWrongPassword(attempt, 'wrong old password')
        if (error.code === 'locked_out') sessions.delete(currentToken)
        return error
      }).immediate()
    }
    const lockedUntil = db.transaction(() => {
      const until = lockout.forgive(attempt.key)
      if (until !== null) this.auditAttempt(attempt, 'locked out')
      return until
    }).immediate()
    if (lockedUntil !== null) throw lockedOut(lockedUntil, clock.now())

    const errors = new FieldErrors()
    policy.addNewPasswordErrors(errors, input, ['newPassword', 'newPasswordConfirmation'], user)
    if (!errors.isEmpty) {
      audit.record({ kind: 'password_change', outcome: 'failure', actor: user, subject: user })
      errors.throwIfAny()
    }
    const hash = await hasher.hash(input.newPassword)
    this.deps.db.transaction(() => {
      this.setPassword(user.id, hash, { keepToken: currentToken })
      audit.record({ kind: 'password_change', outcome: 'success', actor: user, subject: user })
    })()
  }

  /** Counts an attempt before its password is verified, or throws `locked_out` (audited). */
  private admit(attempt: Attempt): void {
    const { db, lockout, clock } = this.deps
    const admission = db.transaction(() => {
      const result = lockout.admit(attempt.key)
      if (!result.admitted) {
        this.auditAttempt(attempt, 'locked out')
        if (result.lockedNow) this.auditLockout(attempt)
      }
      return result
    }).immediate()
    if (!admission.admitted) throw lockedOut(admission.lockedUntil, clock.now())
  }

  /** A wrong password, recorded and answered (`invalid_credentials`, or `locked_out` at the limit). */
  private wrongPassword(attempt: Attempt, detail: string): AppError {
    return this.deps.db.transaction(() => this.recordWrongPassword(attempt, detail)).immediate()
  }

  /** Call inside a transaction; returns the error to answer. */
  private recordWrongPassword(attempt: Attempt, detail: string): AppError {
    const { lockedUntil, lockedNow } = this.deps.lockout.fail(attempt.key)
    this.auditAttempt(attempt, detail)
    if (lockedNow) this.auditLockout(attempt)
    if (lockedUntil !== null) return lockedOut(lockedUntil, this.deps.clock.now())
    return attempt.kind === 'login' ? invalidCredentials() : oldPasswordIncorrect()
  }

  /** A name that matches no account is kept out of the audit: it may be a password typed in the wrong field. */
  private auditAttempt(attempt: Attempt, detail: string): void {
    this.deps.audit.record({
      kind: attempt.kind,
      outcome: 'failure',
      actor: attempt.actor,
      subject: attempt.subject,
      detail: attempt.subject ? detail : `${detail} (unknown name)`
    })
  }

  private auditLockout(attempt: Attempt): void {
    this.deps.audit.record({
      kind: 'lockout',
      outcome: 'success',
      subject: attempt.subject,
      detail: attempt.subject ? (attempt.kind === 'login' ? null : 'wrong old passwords') : 'unknown name'
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

/**
 * One try of a password against the lockout: `key` is the Lockout key of the name, `subject`
 * the account it names (null for a name that matches none), `actor` the signed-in user, if any.
 */
interface Attempt {
  kind: 'login' | 'password_change'
  key: string
  subject: UserRecord | null
  actor: UserRecord | null
}

function oldPasswordIncorrect(): AppError {
  const errors = new FieldErrors()
  errors.add('oldPassword', fieldError('old_password_incorrect'))
  return errors.toError()
}

const firstRunOver = (): AppError => new AppError('first_run_over')

const firstRunPending = (): AppError => new AppError('first_run_pending')

export function lockedOut(until: number, now: number): AppError {
  const minutes = Math.max(1, Math.ceil((until - now) / 60000))
  return new AppError('locked_out', { params: { minutes } })
}
