import type { Db } from '../db/database'
import { deleteUnusedResetCodes } from '../db/reset-codes'
import type { FieldError } from '../../shared/result'
import type { UserRecord, UserRepository } from '../db/users'
import type { AuditLog } from './audit'
import { passwordManagedByDirectory, type DirectoryAccounts } from './directory-accounts'
import type { Clock } from './clock'
import { AppError, FieldErrors, invalidCredentials } from './errors'
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

const usernameTaken: FieldError = { code: 'username_taken', message: 'A user with that username already exists.' }
const emailTaken: FieldError = { code: 'email_taken', message: 'A user with that email address already exists.' }

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
      auditKind?: string
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
   * error, and an unknown name still costs one hash verification.
   */
  async logIn(identifier: string, password: string, windowId: string): Promise<SignedIn> {
    const { users, hasher, lockout, audit, sessions, clock, db } = this.deps
    const typed = normalizeUsername(identifier).trim()
    const user = users.byUsernameKey(usernameKey(typed)) ?? users.byEmailKey(emailKey(typed))
    const lockKey = usernameKey(user ? user.username : typed)
    const attempted = { id: user?.id ?? null, username: user?.username ?? typed.slice(0, 150) }

    const lockedUntil = lockout.lockedUntil(lockKey)
    if (lockedUntil !== null) {
      audit.record({ kind: 'login', outcome: 'failure', subject: attempted, detail: 'locked out' })
      throw lockedOut(lockedUntil, clock.now())
    }

    const hash = user?.passwordHash ?? null
    const verdict = await this.verifyPassword(user, typed, password)
    const account = verdict.shadow !== undefined ? verdict.shadow : user
    const passwordOk = verdict.ok
    if (!account || !passwordOk || !account.isActive) {
      const nowLocked = db.transaction(() => {
        const locked = lockout.recordFailure(lockKey)
        audit.record({ kind: 'login', outcome: 'failure', subject: attempted, detail: 'wrong credentials' })
        if (locked) audit.record({ kind: 'lockout', outcome: 'success', subject: attempted })
        return locked
      })()
      if (nowLocked) throw lockedOut(lockout.lockedUntil(lockKey) ?? clock.now(), clock.now())
      throw invalidCredentials()
    }

    if (hash !== null && hasher.needsRehash(hash)) {
      users.replacePasswordHash(account.id, hash, await hasher.hash(password))
    }
    const token = db.transaction(() => {
      lockout.clear(lockKey)
      users.setLastLogin(account.id, clock.now())
      audit.record({ kind: 'login', outcome: 'success', actor: account, subject: account })
      return sessions.create(account.id, windowId)
    })()
    return { user: users.byId(account.id) as UserRecord, token }
  }

  /**
   * A local password is checked here; an unknown name or a shadow account is the directory's to
   * decide, when one is configured (its shadow account comes back refreshed). Every route costs
   * at least one argon2 verification, so timing does not tell an unknown name from a wrong password.
   */
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
    this.deps.db.transaction(() => {
      this.deps.sessions.delete(token)
      this.deps.audit.record({ kind: 'logout', outcome: 'success', actor: user, subject: user })
    })()
  }

  /** Old password checked, new one validated and confirmed; other sessions end, this one stays. */
  async changePassword(
    user: UserRecord,
    currentToken: string,
    input: { oldPassword: string; newPassword: string; newPasswordConfirmation: string }
  ): Promise<void> {
    const { hasher, policy, audit } = this.deps
    if (user.directoryDn !== null) throw passwordManagedByDirectory()
    const errors = new FieldErrors()
    const oldOk = user.passwordHash !== null && (await hasher.verify(user.passwordHash, input.oldPassword))
    if (!oldOk) {
      errors.add('oldPassword', {
        code: 'old_password_incorrect',
        message: 'Your old password was entered incorrectly. Please enter it again.'
      })
    }
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

const firstRunOver = (): AppError =>
  new AppError('first_run_over', 'An administrator already exists. Log in or sign up instead.')

const firstRunPending = (): AppError =>
  new AppError('first_run_pending', 'No administrator exists yet. Create the administrator first.')

function lockedOut(until: number, now: number): AppError {
  const minutes = Math.max(1, Math.ceil((until - now) / 60000))
  return new AppError(
    'locked_out',
    `Too many failed attempts for this username. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator to unlock it.`,
    undefined,
    { minutes }
  )
}
