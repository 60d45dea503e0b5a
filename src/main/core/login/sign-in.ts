import type { UserRecord, UserRepository } from '../../db/users-repository'
import { expiredLogin, isExpired } from '../admin/expiry'
import { emailKey, normalizeUsername, usernameKey } from '../accounts/identity'
import type { AuditLog } from '../audit/audit-log'
import type { PasswordHasher } from '../passwords/hasher'
import type { PasswordVerifier } from '../passwords/verifier'
import type { SessionRecord, SessionStore } from '../sessions/session-store'
import type { Clock } from '../support/clock'
import { AppError, invalidCredentials } from '../support/errors'
import type { WindowNotes } from '../support/window-notes'
import { loginExpired, type SecondFactorProof, type TwoFactor } from '../two-factor/two-factor-service'
import { refuse, type Attempt, type Outcome, type PasswordAttempts } from './attempts'
import type { Lockout } from './lockout'
import { temporaryPasswordUsed } from './temporary-passwords'

/** How long a window may wait between a right password and its second factor. */
export const PENDING_LOGIN_MS = 5 * 60 * 1000

/** Right password, second factor still due: no session exists yet, and only this window may finish. */
export interface PendingSecondFactor {
  userId: number
  expiresAt: number
}

export interface SignedIn {
  user: UserRecord
  /** Stays in the main process: the router binds it to the window. */
  token: string
  /** The session as it was written, for the answer's view. */
  session: SessionRecord
}

/** What a login comes to. A refusal carries the error to answer (wrong credentials, locked out, …). */
export type LogInOutcome =
  | ({ status: 'signed-in' } & SignedIn)
  | { status: 'second-factor-due'; user: UserRecord }
  | { status: 'refused'; error: AppError }

/** The window signing in, and the session it holds now (ended when a new one starts). */
export interface SigningWindow {
  id: string
  replacing: string | null
}

export interface SignInDeps {
  clock: Clock
  users: UserRepository
  hasher: PasswordHasher
  verifier: PasswordVerifier
  lockout: Lockout
  attempts: PasswordAttempts
  sessions: SessionStore
  audit: AuditLog
  twoFactor: TwoFactor
  /** The pending second factor of each window, kept here under the window id. */
  pending: WindowNotes<PendingSecondFactor>
}

/**
 * The sign-in state machine: password → optional second factor → session. Each step is one
 * attempt of the attempt protocol (see PasswordAttempts), so the lockout counts passwords and
 * codes alike; the pending second step is kept per window, for five minutes.
 */
export class SignIn {
  constructor(private readonly deps: SignInDeps) {}

  /**
   * Login by username or email. Every wrong credential and an inactive account give the same
   * refusal, and an unknown name still costs one hash verification. The user row is read once;
   * the attempt is written before the password is verified, and the outcome in one transaction after.
   */
  async logIn(identifier: string, password: string, window: SigningWindow): Promise<LogInOutcome> {
    const { users, lockout, attempts } = this.deps
    const typed = normalizeUsername(identifier).trim()
    const user = users.byUsernameKey(usernameKey(typed)) ?? users.byEmailKey(emailKey(typed))
    const attempt: Attempt = user
      ? { kind: 'login', key: usernameKey(user.username), subject: user, actor: null }
      : { kind: 'login', key: lockout.unknownNameKey(usernameKey(typed)), subject: null, actor: null }
    const verified: { account: UserRecord | null; upgraded: string | null } = { account: user, upgraded: null }
    try {
      const outcome = await attempts.check(attempt, () => this.verify(user, typed, password, verified), {
        wrong: { detail: 'wrong credentials', error: invalidCredentials },
        right: () => this.passed(attempt, verified.account as UserRecord, user?.passwordHash ?? null, verified, window)
      })
      if (outcome.status === 'second-factor-due') this.startPending(window.id, outcome.user.id)
      else if (outcome.status === 'signed-in') this.deps.pending.forget(window.id)
      return outcome
    } catch (error) {
      if (error instanceof AppError) return { status: 'refused', error }
      throw error
    }
  }

  /** Whether this window has given a right password and still owes its second factor. */
  secondFactorPending(windowId: string): boolean {
    return this.pendingUserId(windowId) !== null
  }

  /**
   * The second step: only the window that gave the right password can finish it. A wrong code
   * counts toward the same lockout as a wrong password; a right one starts the session.
   */
  completeSecondFactor(window: SigningWindow, proof: SecondFactorProof): SignedIn {
    const { users, twoFactor, attempts } = this.deps
    const userId = this.pendingUserId(window.id)
    const user = userId === null ? null : users.byId(userId)
    if (!user || !user.isActive || !twoFactor.isEnabled(user.id)) throw loginExpired()
    const byCode = 'code' in proof
    const attempt: Attempt = { kind: 'login', key: usernameKey(user.username), subject: user, actor: null }
    const signedIn = attempts.checkNow(attempt, () => twoFactor.proves(user.id, proof), {
      wrong: {
        detail: byCode ? 'wrong authentication code' : 'wrong recovery code',
        error: () => twoFactor.wrongProof(proof)
      },
      right: () => {
        users.setLastLogin(user.id, this.deps.clock.now())
        const detail = byCode ? 'with an authentication code' : 'with a recovery code'
        return { status: 'done', value: this.openSession(user, window, detail) }
      }
    })
    this.deps.pending.forget(window.id)
    return signedIn
  }

  cancelSecondFactor(windowId: string): void {
    this.deps.pending.forget(windowId)
  }

  /** A window closed: its pending step goes with it. */
  windowClosed(windowId: string): void {
    this.deps.pending.forget(windowId)
  }

  /** The password's verdict; a right one is rehashed here, before the outcome's transaction, when due. */
  private async verify(
    user: UserRecord | null,
    typed: string,
    password: string,
    verified: { account: UserRecord | null; upgraded: string | null }
  ): Promise<boolean> {
    const { verifier, hasher } = this.deps
    const verdict = await verifier.verifyLogin(user, typed, password)
    // A directory user's first login makes their shadow account: from here on, that is the account.
    if (verdict.shadow !== undefined) verified.account = verdict.shadow
    const account = verified.account
    if (!account || !verdict.ok || !account.isActive) return false
    // Only a right password learns that the account has expired; it was no guess, so its count goes back.
    if (isExpired(account, this.deps.clock.now())) throw expiredLogin(this.deps.audit, account)
    const hash = user?.passwordHash ?? null
    if (hash !== null && hasher.needsRehash(hash)) verified.upgraded = await hasher.hash(password)
    return true
  }

  /** Inside the outcome's transaction, after a right password: a session, or a second factor due. */
  private passed(
    attempt: Attempt,
    account: UserRecord,
    hash: string | null,
    verified: { upgraded: string | null },
    window: SigningWindow
  ): Outcome<LogInOutcome> {
    const { users, lockout, twoFactor, clock } = this.deps
    const due = twoFactor.isEnabled(account.id)
    const now = clock.now()
    // The password may have been changed (not merely rehashed) or the account deactivated meanwhile.
    const verifiedAs = { hash, changedAt: account.passwordChangedAt }
    if (!users.stillSignsIn(account.id, verifiedAs, due ? null : now)) throw refuse('wrong credentials')
    // A temporary password opens one login (the first of a burst spends it, in this transaction);
    // after that only the administrator can help, and the right password may say so.
    if (account.mustChangePassword && !users.spendTemporaryPassword(account.id, now)) {
      throw refuse('temporary password already used', temporaryPasswordUsed)
    }
    // Hashed before this transaction, stored in it: the upgrade and the login land together.
    if (verified.upgraded !== null) users.replacePasswordHash(account.id, hash as string, verified.upgraded)
    // The first login of a directory user was counted under the name typed, not yet an account's.
    if (attempt.key !== usernameKey(account.username)) lockout.clear(attempt.key)
    const user = { ...account, passwordHash: verified.upgraded ?? hash, lastLoginAt: due ? account.lastLoginAt : now }
    if (due) {
      if (window.replacing) this.deps.sessions.delete(window.replacing)
      return { status: 'step-due', value: { status: 'second-factor-due', user } }
    }
    return { status: 'done', value: { status: 'signed-in', ...this.openSession(user, window, null) } }
  }

  /** The last step of every login: recorded, and a session replaces the window's previous one. */
  private openSession(user: UserRecord, window: SigningWindow, detail: string | null): SignedIn {
    const { audit, sessions } = this.deps
    if (window.replacing) sessions.delete(window.replacing)
    audit.record({ kind: 'login', outcome: 'success', actor: user, subject: user, detail })
    return { user, ...sessions.create(user.id, window.id) }
  }

  private startPending(windowId: string, userId: number): void {
    this.deps.pending.set(windowId, { userId, expiresAt: this.deps.clock.now() + PENDING_LOGIN_MS })
  }

  /** The user this window is half signed in as, or null (an expired one is forgotten). */
  private pendingUserId(windowId: string): number | null {
    const pending = this.deps.pending.get(windowId)
    if (!pending) return null
    if (pending.expiresAt > this.deps.clock.now()) return pending.userId
    this.deps.pending.forget(windowId)
    return null
  }
}
