import type { AuditKind } from '../../../shared/audit-kinds'
import { type Db, writeTransaction } from '../../db/database'
import { deleteUnusedResetCodes } from '../../db/reset-codes-repository'
import type { UserRecord, UserRepository } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import { passwordManagedByDirectory } from '../directory/directory-accounts'
import type { Clock } from '../support/clock'
import { FieldErrors, fieldError, fieldFailure } from '../support/errors'
import { usernameKey } from './identity'
import type { NewAccounts, NewAccountInput } from './new-accounts'
import type { SignUpThrottle } from './signup-throttle'
import { oldPasswordIncorrect, type Attempt, type PasswordAttempts } from '../login/attempts'
import { inForcedPasswordChange } from '../login/temporary-passwords'
import type { PasswordHasher } from '../passwords/hasher'
import type { NewSession, SessionRecord, SessionStore } from '../sessions/session-store'
import type { PasswordPolicy } from '../passwords/policy'

export interface AccountsDeps {
  db: Db
  clock: Clock
  users: UserRepository
  hasher: PasswordHasher
  policy: PasswordPolicy
  sessions: SessionStore
  audit: AuditLog
  newAccounts: NewAccounts
  attempts: PasswordAttempts
  signUpThrottle: SignUpThrottle
}

export type { NewAccountInput }

export interface SignedUp {
  user: UserRecord
  /** Stays in the main process: the router binds it to the window. */
  token: string
  /** The session as it was written, for the answer's view. */
  session: SessionRecord
}

/** Sign-up and password change: the rules of Django's auth forms, for one workstation. Login is core/login's. */
export class Accounts {
  constructor(private readonly deps: AccountsDeps) {}

  validateNewAccount(input: NewAccountInput): { username: string; email: string } {
    return this.deps.newAccounts.validate(input)
  }

  /** An account made outright (seeding, tests), audited as `auditKind` (default `sign_up`). */
  createAccount(input: NewAccountInput, options: { isAdmin: boolean; auditKind?: AuditKind }): Promise<UserRecord> {
    return this.deps.newAccounts.createOutright(input, options.isAdmin, options.auditKind ?? 'sign_up')
  }

  /** Sign-up (or first-run administrator) and sign-in of the window, as Django's signup view. */
  /** `replacing`: the session the window held until now, ended as the new one starts. */
  async signUp(
    input: NewAccountInput,
    windowId: string,
    options: { firstAdmin?: boolean; replacing?: string | null } = {}
  ): Promise<SignedUp> {
    const { newAccounts, sessions, signUpThrottle } = this.deps
    // Sign-up answers "taken", so its validation runs under the throttle that counts such answers.
    const screen = <T>(validate: () => T): Promise<T> => signUpThrottle.screen(windowId, validate)
    // Made, and signed in, in one transaction: the window's old session ends as the new one starts.
    const signIn = (userId: number): NewSession => {
      if (options.replacing) sessions.delete(options.replacing)
      return sessions.create(userId, windowId)
    }
    const { user, session } = await (options.firstAdmin
      ? newAccounts.createFirstAdmin(input, signIn)
      : newAccounts.signUp(input, screen, signIn))
    return { user, ...session }
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
   * the new password is, and the window that guesses its way into a lock is signed out. In the
   * forced step after a temporary password the old one may be left out (the session's login just
   * proved it), and the new one must differ from it, so the administrator does not keep knowing it.
   */
  async changePassword(
    user: UserRecord,
    currentToken: string,
    input: { oldPassword?: string; newPassword: string; newPasswordConfirmation: string }
  ): Promise<UserRecord> {
    const { hasher, policy, audit, db, clock } = this.deps
    if (user.directoryDn !== null) throw passwordManagedByDirectory()
    const forced = inForcedPasswordChange(user)
    await this.checkOldPassword(user, currentToken, input.oldPassword, forced)

    const errors = new FieldErrors()
    policy.addNewPasswordErrors(errors, input, ['newPassword', 'newPasswordConfirmation'], user)
    if (errors.isEmpty && forced && (await this.isCurrentPassword(user, input.newPassword))) {
      errors.add('newPassword', fieldError('password_same_as_temporary'))
    }
    if (!errors.isEmpty) {
      audit.record({ kind: 'password_change', outcome: 'failure', actor: user, subject: user })
      errors.throwIfAny()
    }
    const hash = await hasher.hash(input.newPassword)
    const changedAt = clock.now()
    writeTransaction(db, () => {
      // Without the old password, only while still in the forced step: of a burst, the first change ends it.
      if (input.oldPassword === undefined && !inForcedPasswordChange(this.deps.users.byId(user.id))) {
        throw fieldFailure('oldPassword', 'password_required')
      }
      this.setPassword(user.id, hash, { keepToken: currentToken, at: changedAt })
      audit.record({ kind: 'password_change', outcome: 'success', actor: user, subject: user })
    })
    return { ...user, passwordHash: hash, passwordChangedAt: changedAt, mustChangePassword: false }
  }

  /**
   * The old password through the attempt protocol. Left out, it is refused as missing (nothing
   * guessed, nothing counted) unless the session is in the forced step.
   */
  private async checkOldPassword(
    user: UserRecord,
    currentToken: string,
    oldPassword: string | undefined,
    forced: boolean
  ): Promise<void> {
    if (oldPassword === undefined) {
      if (forced) return
      throw fieldFailure('oldPassword', 'password_required')
    }
    const attempt: Attempt = {
      kind: 'password_change',
      key: usernameKey(user.username),
      subject: user,
      actor: user,
      session: currentToken
    }
    const verify = () => this.isCurrentPassword(user, oldPassword)
    await this.deps.attempts.check(attempt, verify, { detail: 'wrong old password', error: oldPasswordIncorrect })
  }

  private async isCurrentPassword(user: UserRecord, password: string): Promise<boolean> {
    return user.passwordHash !== null && (await this.deps.hasher.verify(user.passwordHash, password))
  }

  /**
   * The one place a password hash changes: every other session of the user ends and every
   * unused reset code dies, whichever route changed it. Call inside a transaction.
   */
  setPassword(
    userId: number,
    hash: string,
    options: { keepToken?: string; mustChange?: boolean; at?: number } = {}
  ): void {
    const { users, sessions, clock, db } = this.deps
    users.setPasswordHash(userId, hash, options.at ?? clock.now(), options.mustChange === true)
    sessions.deleteAllForUser(userId, options.keepToken, 'password_changed')
    deleteUnusedResetCodes(db, userId)
  }

  /** Whether the first-run screen applies: no account exists yet. */
  isFirstRun(): boolean {
    return this.deps.users.count() === 0
  }
}
