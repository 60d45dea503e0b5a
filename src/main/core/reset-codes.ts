import type { Db } from '../db/database'
import { deleteUnusedResetCodes } from '../db/reset-codes'
import type { UserRecord, UserRepository } from '../db/users'
import type { Accounts } from './accounts'
import { AttemptThrottle } from './attempt-throttle'
import type { AuditLog } from './audit'
import type { Clock, RandomBytes } from './clock'
import { AppError, FieldErrors } from './errors'
import { emailErrors, emailKey, normalizeEmail, usernameKey } from './identity'
import type { Lockout } from './lockout'
import type { Mailer, OutgoingMail } from './mail'
import type { PasswordHasher } from './passwords'
import { displayResetCode, hashResetCode, newResetCode, parseResetCode } from './reset-code-format'
import { passwordChangedMail, resetCodeMail } from './reset-mail'
import type { Settings } from './settings'
import type { PasswordPolicy } from './validators'

export type ResetCodeSettings = Settings['resetCodes']

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
}

export interface ResetConfirmation {
  code: string
  newPassword: string
  newPasswordConfirmation: string
}

/**
 * Which account a window last asked a code for, and when. The IPC layer keeps it per window (in
 * main-process memory: window ids belong to this process) and hands it back to `confirm`.
 */
export interface ResetFlow {
  user: { id: number; username: string } | null
  startedAt: number
}

interface CodeRow {
  id: number
  userId: number
  expiresAt: number
  usedAt: number | null
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
 * Wrong codes from every window together, per 15 minutes, before confirming pauses for all.
 * Four codes' worth of `maxAttempts`: people mistyping their own code stay well under it.
 */
export const WORKSTATION_WRONG_CODES = { perWindow: null, workstationWide: 20, periodInSeconds: 15 * 60 }

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
 * Wrong tries: the confirm screen asks only for the code, and a wrong code matches no row, so
 * a wrong try cannot be tied to an account by lookup. Three counts, all in the database:
 * - per account: each window remembers (in memory) the account its last request was for (the
 *   flow `request` returns), and a wrong code typed in that window counts against that
 *   account's live codes; at `maxAttempts` they die.
 * - per window: the window's own wrong codes since its request decide the answer
 *   (`reset_code_attempts_exceeded` after `maxAttempts`), so known and unknown addresses answer
 *   alike.
 * - workstation-wide: a window that made no request, or a new window per guess, ties its wrong
 *   codes to no account, so every wrong code from any window also counts toward
 *   WORKSTATION_WRONG_CODES; past it every confirm answers `too_many_attempts` for a while,
 *   before any look-up (the right code too, or the pause would be an oracle), and the audit
 *   trail says so. At 80 bits per code this leaves guessing hopeless; the price, a pause of
 *   resets for everyone that someone can cause, is the lesser harm on a shared workstation.
 * The check, the look-up and the counts share one immediate transaction, so a burst of
 * confirms from many windows (or processes) is counted one by one.
 */
export class ResetCodes {
  private readonly wrongCodes: AttemptThrottle

  constructor(private readonly deps: ResetCodesDeps) {
    this.wrongCodes = new AttemptThrottle(deps.db, deps.clock, deps.randomBytes, 'reset_code', WORKSTATION_WRONG_CODES)
  }

  /**
   * Always answers the same way (or with a format error that says nothing about accounts).
   * Returns the flow for the asking window to keep and hand to `confirm`.
   */
  async request(typedEmail: string): Promise<ResetFlow> {
    const { users, clock, db } = this.deps
    const email = normalizeEmail(typedEmail)
    const errors = new FieldErrors()
    errors.add('email', emailErrors(email))
    errors.throwIfAny()

    const key = emailKey(email)
    const found = users.byEmailKey(key)
    const now = clock.now()
    const issued = this.draw(now)
    const refusal = db.transaction(() => {
      this.prune(now)
      const limited = this.overLimit(key)
      const why = !found ? 'unknown address' : !found.isActive ? 'inactive account' : limited ? 'rate limited' : null
      // Counted for every address, known or not, so the limit itself says nothing.
      if (!limited) db.prepare('INSERT INTO reset_requests (email_key, at) VALUES (?, ?)').run(key, now)
      this.deps.audit.record({
        kind: 'reset_requested',
        outcome: why === null ? 'success' : 'failure',
        subject: found ? { id: found.id, username: found.username } : null,
        detail: why
      })
      return why
    }).immediate()
    if (refusal === null && found) {
      const recipient = { to: found.email, username: found.username, userId: found.id }
      // The code is stored after the answer too: until then both kinds of address have cost
      // the same statements.
      this.deps.mailer.sendAfterAnswer(() => {
        db.transaction(() => this.store(found.id, issued, now)).immediate()
        return this.codeMail(recipient, issued, now)
      })
    }
    return { user: found?.isActive ? { id: found.id, username: found.username } : null, startedAt: now }
  }

  /**
   * Sends `user` a fresh code on an administrator's behalf: no rate limit, and it waits for the
   * delivery so the admin screen can say when the mail did not leave (`mail_not_sent`; the
   * failure is audited as `mail_failed`). The caller audits the admin action itself.
   */
  async issueForUser(user: UserRecord): Promise<void> {
    const { clock, mailer } = this.deps
    if (!user.isActive) {
      throw new AppError('account_inactive', 'That account is deactivated: activate it before sending a reset code.')
    }
    const now = clock.now()
    const issued = this.draw(now)
    const recipient = { to: user.email, username: user.username, userId: user.id }
    const composed = await mailer.compose(this.codeMail(recipient, issued, now))
    this.deps.db.transaction(() => this.store(user.id, issued, now)).immediate()
    const outcome = await mailer.dispatch(composed)
    if (!outcome.delivered) {
      throw new AppError('mail_not_sent', `The reset code could not be emailed. ${outcome.error}`)
    }
  }

  /**
   * Sets the new password. Every session of the user ends and nobody is signed in; returns the
   * user whose password changed. `flow` is what the window's last `request` returned, if any;
   * the window's flow is over once this succeeds.
   */
  async confirm(input: ResetConfirmation, windowId: string, flow: ResetFlow | null): Promise<UserRecord> {
    const { clock, users, hasher, policy } = this.deps
    const row = this.liveCode(input.code, windowId, flow)
    const user = users.byId(row.userId)
    if (!user || !user.isActive) {
      this.deps.db.prepare('DELETE FROM reset_codes WHERE id = ?').run(row.id)
      this.auditConfirmFailure(user, 'inactive account')
      throw codeError('reset_code_invalid')
    }
    const errors = new FieldErrors()
    policy.addNewPasswordErrors(errors, input, ['newPassword', 'newPasswordConfirmation'], user)
    errors.throwIfAny()
    const hash = await hasher.hash(input.newPassword)
    this.deps.db.transaction(() => this.complete(row.id, user, hash)).immediate()
    const at = clock.now()
    this.deps.mailer.sendAfterAnswer(() =>
      passwordChangedMail({ to: user.email, username: user.username, userId: user.id, at })
    )
    return user
  }

  /** The live code typed, or the error to show; wrong codes are counted (see the class comment). */
  private liveCode(typed: string, windowId: string, flow: ResetFlow | null): CodeRow {
    if (typed.trim() === '') throw codeError('reset_code_required')
    const canonical = parseResetCode(typed)
    if (canonical === null) throw codeError('reset_code_malformed')
    const { db } = this.deps
    const found = db
      .transaction((): CodeRow | AppError => {
        const refusal = this.wrongCodes.refusal(windowId)
        if (refusal) return refusal
        const row = db
          .prepare(
            'SELECT id, user_id AS userId, expires_at AS expiresAt, used_at AS usedAt FROM reset_codes WHERE code_hash = ?'
          )
          .get(hashResetCode(canonical)) as CodeRow | undefined
        // Returned, not thrown: a throw would roll back the count.
        return row ?? this.wrongTry(windowId, this.unexpired(flow))
      })
      .immediate()
    if (found instanceof AppError) throw found
    const row = found
    const owner = this.deps.users.byId(row.userId)
    if (row.usedAt !== null) {
      this.auditConfirmFailure(owner, 'code already used')
      throw codeError('reset_code_used')
    }
    if (this.deps.clock.now() >= row.expiresAt) {
      this.auditConfirmFailure(owner, 'code expired')
      throw codeError('reset_code_expired')
    }
    return row
  }

  /** Marks the code used and changes the password (which kills the user's other codes and sessions). */
  private complete(codeId: number, user: UserRecord, hash: string): void {
    const { db, clock, accounts, lockout, audit } = this.deps
    const now = clock.now()
    const claimed = db
      .prepare('UPDATE reset_codes SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?')
      .run(now, codeId, now).changes
    // While the new password was being hashed, another window used the code, or it died or expired.
    if (claimed !== 1) throw this.lostCodeError(codeId)
    accounts.setPassword(user.id, hash)
    // Whoever reads the user's mail may set the password; a login lockout would only stand in their way.
    lockout.clear(usernameKey(user.username))
    audit.record({ kind: 'reset_completed', outcome: 'success', actor: user, subject: user })
  }

  private lostCodeError(codeId: number): AppError {
    const row = this.deps.db.prepare('SELECT used_at AS usedAt FROM reset_codes WHERE id = ?').get(codeId) as
      | { usedAt: number | null }
      | undefined
    if (!row) return codeError('reset_code_invalid')
    return codeError(row.usedAt !== null ? 'reset_code_used' : 'reset_code_expired')
  }

  /** Counts a wrong code (call inside the look-up's transaction); returns the error to show. */
  private wrongTry(windowId: string, flow: ResetFlow | null): AppError {
    const { db, settings, audit } = this.deps
    // The same statements run whether or not the window's request matched an account.
    const userId = flow?.user?.id ?? 0
    db.prepare('UPDATE reset_codes SET failed_attempts = failed_attempts + 1 WHERE user_id = ? AND used_at IS NULL').run(
      userId
    )
    const died = db
      .prepare('DELETE FROM reset_codes WHERE user_id = ? AND used_at IS NULL AND failed_attempts >= ?')
      .run(userId, settings.maxAttempts).changes
    const reached = this.wrongCodes.record(windowId)
    audit.record({
      kind: 'reset_confirm',
      outcome: 'failure',
      subject: flow?.user ?? null,
      detail: died > 0 ? 'wrong code; too many wrong codes, so the live code died' : 'wrong code'
    })
    if (reached === 'workstation') {
      audit.record({
        kind: 'reset_confirm',
        outcome: 'failure',
        detail: `too many wrong codes on this workstation: reset codes refused for up to ${this.wrongCodes.periodInMinutes} minutes`
      })
    }
    // The answer follows this window's own count only, never whether a code died, so an
    // unknown address cannot be told from a known one.
    const tries = flow ? this.wrongCodes.windowCountSince(windowId, flow.startedAt) : 0
    return flow && tries >= settings.maxAttempts
      ? codeError('reset_code_attempts_exceeded')
      : codeError('reset_code_invalid')
  }

  /** A flow lasts as long as a code does, read at each call: a lifetime changed in Settings applies at once. */
  private unexpired(flow: ResetFlow | null): ResetFlow | null {
    if (!flow) return null
    return this.deps.clock.now() - flow.startedAt >= this.deps.settings.lifetimeInSeconds * 1000 ? null : flow
  }

  private auditConfirmFailure(user: UserRecord | null, detail: string): void {
    this.deps.audit.record({
      kind: 'reset_confirm',
      outcome: 'failure',
      subject: user ? { id: user.id, username: user.username } : null,
      detail
    })
  }

  private overLimit(key: string): boolean {
    const { db, clock, settings } = this.deps
    const since = clock.now() - settings.requestWindowInSeconds * 1000
    const { n } = db
      .prepare('SELECT count(*) AS n FROM reset_requests WHERE email_key = ? AND at > ?')
      .get(key, since) as { n: number }
    return n >= settings.maxRequestsPerWindow
  }

  private codeMail(recipient: Recipient, issued: IssuedCode, now: number): OutgoingMail {
    return resetCodeMail({ ...recipient, displayCode: displayResetCode(issued.canonical), expiresAt: issued.expiresAt, now })
  }

  private draw(now: number): IssuedCode {
    const canonical = newResetCode(this.deps.randomBytes)
    return { canonical, hash: hashResetCode(canonical), expiresAt: now + this.deps.settings.lifetimeInSeconds * 1000 }
  }

  /** A new code kills every earlier unused one of the same user. Call inside a transaction. */
  private store(userId: number, issued: IssuedCode, now: number): void {
    const { db } = this.deps
    deleteUnusedResetCodes(db, userId)
    db.prepare('INSERT INTO reset_codes (user_id, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
      userId,
      issued.hash,
      now,
      issued.expiresAt
    )
  }

  private prune(now: number): void {
    const { db, settings } = this.deps
    db.prepare('DELETE FROM reset_codes WHERE expires_at < ?').run(now - KEEP_DEAD_CODES_IN_MILLISECONDS)
    db.prepare('DELETE FROM reset_requests WHERE at <= ?').run(now - settings.requestWindowInSeconds * 1000)
  }
}

const codeMessages = {
  reset_code_required: 'Enter the reset code from the email.',
  reset_code_malformed: 'A reset code has 16 letters and digits, like ABCD-EFGH-JKMN-PQRS.',
  reset_code_invalid: 'That reset code is not valid. Check it and try again, or request a new one.',
  reset_code_expired: 'That reset code has expired. Request a new one.',
  reset_code_used: 'That reset code has already been used. Request a new one if you still need it.',
  reset_code_attempts_exceeded: 'Too many wrong codes: request a new reset code.'
} as const

/** A code problem, reported as the call's error and beside the Reset code field. */
function codeError(code: keyof typeof codeMessages): AppError {
  const message = codeMessages[code]
  return new AppError(code, message, { code: [{ code, message }] })
}
