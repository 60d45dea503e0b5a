import { type Db, writeTransaction } from '../../db/database'
import type { ResetCodeRepository } from '../../db/reset-codes-repository'
import type { UserRecord, UserRepository } from '../../db/users-repository'
import type { Accounts } from '../accounts/accounts'
import type { AuditLog } from '../audit/audit-log'
import type { Clock, RandomBytes } from '../support/clock'
import { AppError, FieldErrors } from '../support/errors'
import { emailErrors, emailKey, normalizeEmail, usernameKey } from '../accounts/identity'
import type { Lockout } from '../login/lockout'
import type { Mailer, OutgoingMail } from '../mail/mailer'
import type { PasswordHasher } from '../passwords/hasher'
import { codeError, WORKSTATION_WRONG_CODES, type ResetCodeCheck, type ResetFlow } from './code-check'
import type { WindowNotes } from '../support/window-notes'
import type { TwoFactor } from '../two-factor/two-factor-service'
import { displayResetCode, hashResetCode, newResetCode } from '../support/one-time-code'
import { passwordChangedMail, resetCodeMail } from './reset-mail'
import type { Settings } from '../settings/load-settings'
import type { PasswordPolicy } from '../passwords/policy'

export type ResetCodeSettings = Settings['resetCodes']

export { WORKSTATION_WRONG_CODES, type ResetFlow }

export interface ResetCodesDeps {
  db: Db
  clock: Clock
  randomBytes: RandomBytes
  users: UserRepository
  accounts: Accounts
  hasher: PasswordHasher
  policy: PasswordPolicy
  lockout: Lockout
  audit: AuditLog
  mailer: Mailer
  settings: ResetCodeSettings
  codes: ResetCodeRepository
  check: ResetCodeCheck
  twoFactor: TwoFactor
  /** The account each window last asked a code for; its wrong codes count against that account. */
  flows: WindowNotes<ResetFlow>
}

export interface ResetConfirmation {
  code: string
  newPassword: string
  newPasswordConfirmation: string
}

interface Recipient {
  to: string
  username: string
  userId: number
}

interface IssuedCode {
  canonical: string
  hash: Buffer
  expiresAt: number
}

/** Used and expired codes are kept this long so a late try still hears "expired" or "used". */
const KEEP_DEAD_CODES_IN_MILLISECONDS = 24 * 60 * 60 * 1000

/**
 * Password reset by emailed code, as Django's PasswordResetForm + token generator, for a
 * desktop: the code is typed back instead of clicked.
 *
 * - request(): an unknown or inactive address, or one over its rate limit, gets the same answer
 *   after the same work (a code is drawn and hashed, the same statements run) but nothing is
 *   stored for it and no mail leaves. Every answer is given before the code is stored and
 *   before any mail work, which happen afterwards for a known address only, so the time to
 *   answer does not tell a known address from an unknown one.
 * - confirm(): the code is looked up by its hash; only its hash is ever stored.
 *
 * Wrong codes are counted per account, per window and workstation-wide: see ResetCodeCheck.
 */
export class ResetCodes {
  private readonly codes: ResetCodeRepository
  private readonly check: ResetCodeCheck

  constructor(private readonly deps: ResetCodesDeps) {
    this.codes = deps.codes
    this.check = deps.check
  }

  /**
   * Always answers the same way (or with a format error that says nothing about accounts).
   * The asking window's flow is kept for `confirm`.
   */
  async request(typedEmail: string, windowId: string): Promise<void> {
    const { users, clock, db } = this.deps
    const email = normalizeEmail(typedEmail)
    const errors = new FieldErrors()
    errors.add('email', emailErrors(email))
    errors.throwIfAny()

    const key = emailKey(email)
    const found = users.byEmailKey(key)
    const now = clock.now()
    const issued = this.draw(now)
    const refusal = writeTransaction(db, () => {
      this.prune(now)
      const limited = this.overLimit(key)
      const why = !found
        ? 'unknown address'
        : !found.isActive
          ? 'inactive account'
          : found.directoryDn !== null
            ? 'password managed by the directory'
            : limited
              ? 'rate limited'
              : null
      // Counted for every address, known or not, so the limit itself says nothing.
      if (!limited) this.codes.recordRequest(key, now)
      this.deps.audit.record({
        kind: 'reset_requested',
        outcome: why === null ? 'success' : 'failure',
        subject: found ? { id: found.id, username: found.username } : null,
        detail: why
      })
      return why
    })
    if (refusal === null && found) {
      const recipient = { to: found.email, username: found.username, userId: found.id }
      // The code is stored after the answer too: until then both kinds of address have cost
      // the same statements.
      this.deps.mailer.sendAfterAnswer(() => {
        writeTransaction(db, () => this.store(found.id, issued, now))
        return this.codeMail(recipient, issued, now)
      })
    }
    this.deps.flows.set(windowId, {
      user: found?.isActive ? { id: found.id, username: found.username } : null,
      startedAt: now
    })
  }

  /**
   * Sends `user` a fresh code on an administrator's behalf: no rate limit, and it waits for the
   * delivery so the admin screen can say when the mail did not leave (`mail_not_sent`; the
   * failure is audited as `mail_failed`). The caller audits the admin action itself.
   */
  async issueForUser(user: UserRecord): Promise<void> {
    const { clock, mailer } = this.deps
    if (!user.isActive) throw new AppError('account_inactive')
    const now = clock.now()
    const issued = this.draw(now)
    const recipient = { to: user.email, username: user.username, userId: user.id }
    const composed = await mailer.compose(this.codeMail(recipient, issued, now))
    writeTransaction(this.deps.db, () => this.store(user.id, issued, now))
    const outcome = await mailer.dispatch(composed)
    if (!outcome.delivered) {
      throw new AppError('mail_not_sent', { params: { reason: outcome.error } })
    }
  }

  /**
   * Sets the new password. Every session of the user ends and nobody is signed in; returns the
   * user whose password changed.
   */
  async confirm(input: ResetConfirmation, windowId: string): Promise<UserRecord> {
    const { clock, users, hasher, policy, flows } = this.deps
    const row = await this.check.liveCode(input.code, windowId, flows.get(windowId))
    const user = users.byId(row.userId)
    if (!user || !user.isActive) {
      this.codes.delete(row.id)
      this.check.auditFailure(user, 'inactive account')
      throw codeError('reset_code_invalid')
    }
    const errors = new FieldErrors()
    policy.addNewPasswordErrors(errors, input, ['newPassword', 'newPasswordConfirmation'], user)
    errors.throwIfAny()
    const hash = await hasher.hash(input.newPassword)
    writeTransaction(this.deps.db, () => this.complete(row.id, user, hash))
    flows.forget(windowId)
    const at = clock.now()
    this.deps.mailer.sendAfterAnswer(() =>
      passwordChangedMail({ to: user.email, username: user.username, userId: user.id, at })
    )
    return user
  }

  /** Marks the code used and changes the password (which kills the user's other codes and sessions). */
  private complete(codeId: number, user: UserRecord, hash: string): void {
    const { clock, accounts, lockout, audit, twoFactor } = this.deps
    // While the new password was being hashed, another window used the code, or it died or expired.
    if (!this.codes.claim(codeId, clock.now())) throw this.check.lostCodeError(codeId)
    accounts.setPassword(user.id, hash)
    // Whoever reads the user's mail may set the password; a login lockout would only stand in
    // their way. Not with two-factor on: the count holds guessed codes too, the mailbox does not
    // prove the phone, and only a right code clears it.
    if (!twoFactor.isEnabled(user.id)) lockout.clear(usernameKey(user.username))
    audit.record({ kind: 'reset_completed', outcome: 'success', actor: user, subject: user })
  }

  /** A window closed: its flow goes with it. */
  windowClosed(windowId: string): void {
    this.deps.flows.forget(windowId)
  }

  private overLimit(key: string): boolean {
    const { clock, settings } = this.deps
    const since = clock.now() - settings.requestWindowInSeconds * 1000
    return this.codes.requestsSince(key, since) >= settings.maxRequestsPerWindow
  }

  private codeMail(recipient: Recipient, issued: IssuedCode, now: number): OutgoingMail {
    return resetCodeMail({
      ...recipient,
      displayCode: displayResetCode(issued.canonical),
      expiresAt: issued.expiresAt,
      now
    })
  }

  private draw(now: number): IssuedCode {
    const canonical = newResetCode(this.deps.randomBytes)
    return { canonical, hash: hashResetCode(canonical), expiresAt: now + this.deps.settings.lifetimeInSeconds * 1000 }
  }

  /** A new code kills every earlier unused one of the same user. Call inside a transaction. */
  private store(userId: number, issued: IssuedCode, now: number): void {
    this.codes.store(userId, issued.hash, now, issued.expiresAt)
  }

  private prune(now: number): void {
    this.codes.prune(now - KEEP_DEAD_CODES_IN_MILLISECONDS, now - this.deps.settings.requestWindowInSeconds * 1000)
  }
}
