import type { Db } from '../db/database'
import { deleteUnusedResetCodes } from '../db/reset-codes'
import type { UserRecord, UserRepository } from '../db/users'
import type { Accounts } from './accounts'
import type { AuditLog } from './audit'
import type { Clock, RandomBytes } from './clock'
import { AppError, FieldErrors } from './errors'
import { emailErrors, emailKey, normalizeEmail, usernameKey } from './identity'
import type { Lockout } from './lockout'
import type { ComposedMail, Mailer } from './mail'
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

interface CodeRow {
  id: number
  userId: number
  expiresAt: number
  usedAt: number | null
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
 *   after the same work (a code is drawn, hashed and its message rendered) but nothing is stored
 *   for it and no mail leaves. Only the SMTP send itself differs, and it runs after the answer.
 * - confirm(): the code is looked up by its hash; only its hash is ever stored.
 *
 * Wrong tries: the confirm screen asks only for the code, and a wrong code matches no row, so
 * a wrong try cannot be tied to a code by lookup. Instead each window remembers (in memory) the
 * account its last request was for, and a wrong code typed in that window counts against that
 * account's live codes; at `maxAttempts` they die. The window's own count decides the answer
 * (`reset_code_attempts_exceeded` after `maxAttempts`), so known and unknown addresses answer
 * alike. A wrong code from a window that made no request counts against nothing: at 80 bits,
 * blind guessing is hopeless anyway.
 */
export class ResetCodes {
  private readonly flows: ResetFlows

  constructor(private readonly deps: ResetCodesDeps) {
    this.flows = new ResetFlows(deps.settings.lifetimeInSeconds * 1000)
  }

  /** Always answers the same way (or with a format error that says nothing about accounts). */
  async request(typedEmail: string, windowId: string): Promise<void> {
    const { users, clock, mailer } = this.deps
    const email = normalizeEmail(typedEmail)
    const errors = new FieldErrors()
    errors.add('email', emailErrors(email))
    errors.throwIfAny()

    const key = emailKey(email)
    const found = users.byEmailKey(key)
    const limited = this.overLimit(key)
    const refusal = !found
      ? 'unknown address'
      : !found.isActive
        ? 'inactive account'
        : found.directoryDn !== null
          ? 'password managed by the directory'
          : limited
          ? 'rate limited'
          : null
    const now = clock.now()
    const issued = this.draw(now)
    // Rendered for an unknown address too (to the address typed), so both cost the same.
    const composed = await this.composeCodeMail(
      { to: found?.email ?? email, username: found?.username ?? email.split('@')[0], userId: found?.id ?? null },
      issued,
      now
    )
    this.flows.start(windowId, found?.isActive ? { id: found.id, username: found.username } : null, now)
    this.deps.db.transaction(() => {
      this.prune(now)
      // Counted for every address, known or not, so the limit itself says nothing.
      if (!limited) {
        this.deps.db.prepare('INSERT INTO reset_requests (email_key, at) VALUES (?, ?)').run(key, now)
      }
      if (found && refusal === null) this.store(found.id, issued, now)
      this.deps.audit.record({
        kind: 'reset_requested',
        outcome: refusal === null ? 'success' : 'failure',
        subject: found ? { id: found.id, username: found.username } : null,
        detail: refusal
      })
    })()
    if (refusal === null) void mailer.dispatch(composed)
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
    const composed = await this.composeCodeMail(
      { to: user.email, username: user.username, userId: user.id },
      issued,
      now
    )
    this.deps.db.transaction(() => this.store(user.id, issued, now))()
    const outcome = await mailer.dispatch(composed)
    if (!outcome.delivered) {
      throw new AppError('mail_not_sent', `The reset code could not be emailed. ${outcome.error}`)
    }
  }

  /**
   * Sets the new password. Every session of the user ends and nobody is signed in; returns the
   * user whose password changed.
   */
  async confirm(input: ResetConfirmation, windowId: string): Promise<UserRecord> {
    const { clock, users, hasher, policy } = this.deps
    const row = this.liveCode(input.code, windowId)
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
    this.flows.end(windowId)
    const notice = await this.deps.mailer.compose(
      passwordChangedMail({ to: user.email, username: user.username, userId: user.id, at: clock.now() })
    )
    void this.deps.mailer.dispatch(notice)
    return user
  }

  /** The live code typed, or the error to show; wrong codes are counted (see the class comment). */
  private liveCode(typed: string, windowId: string): CodeRow {
    if (typed.trim() === '') throw codeError('reset_code_required')
    const canonical = parseResetCode(typed)
    if (canonical === null) throw codeError('reset_code_malformed')
    const row = this.deps.db
      .prepare(
        'SELECT id, user_id AS userId, expires_at AS expiresAt, used_at AS usedAt FROM reset_codes WHERE code_hash = ?'
      )
      .get(hashResetCode(canonical)) as CodeRow | undefined
    if (!row) throw this.wrongTry(windowId)
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

  private wrongTry(windowId: string): AppError {
    const { db, settings } = this.deps
    const flow = this.flows.get(windowId, this.deps.clock.now())
    // The same statements run whether or not the window's request matched an account.
    const userId = flow?.user?.id ?? 0
    db.transaction(() => {
      db.prepare('UPDATE reset_codes SET failed_attempts = failed_attempts + 1 WHERE user_id = ? AND used_at IS NULL').run(
        userId
      )
      const died = db
        .prepare('DELETE FROM reset_codes WHERE user_id = ? AND used_at IS NULL AND failed_attempts >= ?')
        .run(userId, settings.maxAttempts).changes
      this.deps.audit.record({
        kind: 'reset_confirm',
        outcome: 'failure',
        subject: flow?.user ?? null,
        detail: died > 0 ? 'wrong code; too many wrong codes, so the live code died' : 'wrong code'
      })
    })()
    // The answer follows this window's own count only, never whether a code died, so an
    // unknown address cannot be told from a known one.
    const tries = flow ? ++flow.wrongTries : 0
    return flow && tries >= settings.maxAttempts
      ? codeError('reset_code_attempts_exceeded')
      : codeError('reset_code_invalid')
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

  private composeCodeMail(
    recipient: { to: string; username: string; userId: number | null },
    issued: IssuedCode,
    now: number
  ): Promise<ComposedMail> {
    return this.deps.mailer.compose(
      resetCodeMail({ ...recipient, displayCode: displayResetCode(issued.canonical), expiresAt: issued.expiresAt, now })
    )
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

interface ResetFlow {
  user: { id: number; username: string } | null
  wrongTries: number
  startedAt: number
}

/**
 * Which account each window last asked a code for, in main-process memory only. Bounded: the
 * oldest flow goes first, and a flow lasts as long as a code does.
 */
class ResetFlows {
  private static readonly maxFlows = 10_000
  private readonly byWindow = new Map<string, ResetFlow>()

  constructor(private readonly lifetimeInMilliseconds: number) {}

  start(windowId: string, user: ResetFlow['user'], now: number): void {
    this.byWindow.delete(windowId)
    this.byWindow.set(windowId, { user, wrongTries: 0, startedAt: now })
    if (this.byWindow.size > ResetFlows.maxFlows) {
      this.byWindow.delete(this.byWindow.keys().next().value as string)
    }
  }

  get(windowId: string, now: number): ResetFlow | null {
    const flow = this.byWindow.get(windowId)
    if (!flow) return null
    if (now - flow.startedAt >= this.lifetimeInMilliseconds) {
      this.byWindow.delete(windowId)
      return null
    }
    return flow
  }

  end(windowId: string): void {
    this.byWindow.delete(windowId)
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
