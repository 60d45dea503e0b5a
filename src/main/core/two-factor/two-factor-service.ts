import { Secret, TOTP } from 'otpauth'
import { toDataURL } from 'qrcode'
import { type Db, writeTransaction } from '../../db/database'
import type { TwoFactorRepository, TwoFactorRow } from '../../db/two-factor-repository'
import type { UserRecord, UserRepository } from '../../db/users-repository'
import type { AuditKind } from '../../../shared/audit-kinds'
import type { TwoFactorSetup, TwoFactorStatus } from '../../../shared/views'
import type { AuditLog } from '../audit/audit-log'
import { usernameKey } from '../accounts/identity'
import type { PasswordAttempts } from '../login/attempts'
import type { PasswordVerifier } from '../passwords/verifier'
import type { Clock, RandomBytes } from '../support/clock'
import { AppError, fieldFailure } from '../support/errors'
import { displayResetCode, hashResetCode, newResetCode, parseResetCode } from '../support/one-time-code'
import type { SecretBox } from '../support/secret-box'
import type { SessionStore } from '../sessions/session-store'
import { APP_NAME } from '../../../shared/product'

export const ISSUER = APP_NAME
export const RECOVERY_CODE_COUNT = 10
const SECRET_BYTES = 20
const PERIOD_SECONDS = 30

interface TwoFactorDeps {
  db: Db
  clock: Clock
  randomBytes: RandomBytes
  users: UserRepository
  rows: TwoFactorRepository
  verifier: PasswordVerifier
  attempts: PasswordAttempts
  audit: AuditLog
  /** Turning 2FA on ends the user's other sessions; a set-up under way belongs to one session. */
  sessions?: SessionStore
  box: SecretBox
}

/** How the second login step is proven: a code from the app, or one recovery code. */
export type SecondFactorProof = { code: string } | { recoveryCode: string }

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step) with single-use recovery codes. The secret is
 * shown once, at set-up; after that it only leaves the database sealed, to be opened here.
 * A code is accepted only for a time-step later than the last one used, checked and moved in
 * one immediate transaction, so the same code never works twice, even in a burst of calls.
 * Recovery codes use the reset-code format (80 random bits), so a SHA-256 is safe to store.
 */
export class TwoFactor {
  private readonly rows: TwoFactorRepository

  constructor(private readonly deps: TwoFactorDeps) {
    this.rows = deps.rows
  }

  isEnabled(userId: number): boolean {
    return this.row(userId)?.enabledAt != null
  }

  /** With the setting on, an administrator without 2FA may do nothing until set up. */
  setupRequired(user: UserRecord, requiredForAdmins: boolean): boolean {
    return requiredForAdmins && user.isAdmin && !this.isEnabled(user.id)
  }

  status(user: UserRecord): TwoFactorStatus {
    const left = this.rows.recoveryCodesLeft(user.id)
    return { enabled: this.isEnabled(user.id), recoveryCodesLeft: left }
  }

  /**
   * A fresh secret, kept sealed until a right code turns it on. An earlier unfinished one is
   * replaced only from the session that began it (or once that session has ended): someone at
   * another window cannot swap in their own phone's key under the owner's set-up.
   */
  async beginSetup(user: UserRecord, token: string | null = null): Promise<TwoFactorSetup> {
    const { db, box, randomBytes } = this.deps
    const secret = randomBytes(SECRET_BYTES)
    const sessionId = token ? (this.deps.sessions?.peek(token)?.id ?? null) : null
    writeTransaction(db, () => {
      if (this.isEnabled(user.id)) throw alreadyOn()
      if (this.setupElsewhere(user.id, sessionId)) throw new AppError('two_factor_setup_elsewhere')
      this.rows.putPendingKey(user.id, box.seal(secret, sealContext(user.id)), sessionId)
    })
    const uri = totpFor(secret, user.username).toString()
    // Drawn here, in the main process: the secret goes to no QR service.
    const qrCode = await toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 232 })
    return { setupKey: new Secret({ buffer: bufferOf(secret) }).base32, uri, qrCode }
  }

  /**
   * A right code from the new secret turns 2FA on; returns the recovery codes, shown once. Every
   * other session of the user ends: whoever was signed in elsewhere did not pass the new factor.
   */
  enable(user: UserRecord, code: string, token: string | null = null): { recoveryCodes: string[] } {
    const { db, clock, audit, sessions } = this.deps
    const sessionId = token ? (sessions?.peek(token)?.id ?? null) : null
    return writeTransaction(db, () => {
      const row = this.row(user.id)
      if (row?.enabledAt != null) throw alreadyOn()
      if (!row) throw new AppError('two_factor_setup_missing')
      if (this.setupElsewhere(user.id, sessionId)) throw new AppError('two_factor_setup_elsewhere')
      const step = this.matchingStep(row, user.id, code)
      if (step === null) throw wrongCode('code')
      this.rows.enable(user.id, clock.now(), step)
      const recoveryCodes = this.replaceRecoveryCodes(user.id)
      audit.record({ kind: 'two_factor_enabled', outcome: 'success', actor: user, subject: user })
      if (token) sessions?.deleteAllForUser(user.id, token, 'two_factor_enabled')
      return { recoveryCodes }
    })
  }

  /** A set-up under way that another live session began. */
  private setupElsewhere(userId: number, sessionId: string | null): boolean {
    const pending = this.row(userId)?.pendingSessionId ?? null
    if (pending === null || pending === sessionId) return false
    return this.deps.sessions?.isLive(pending) ?? false
  }

  /** `session`: the calling window's, ended if its wrong passwords lock the name. */
  async disable(user: UserRecord, password: string, session: string): Promise<void> {
    await this.checkPassword(user, password, session, 'two_factor_disabled')
    writeTransaction(this.deps.db, () => {
      if (!this.isEnabled(user.id)) throw notOn()
      this.remove(user.id)
      this.deps.audit.record({ kind: 'two_factor_disabled', outcome: 'success', actor: user, subject: user })
    })
  }

  async regenerateRecoveryCodes(
    user: UserRecord,
    password: string,
    session: string
  ): Promise<{ recoveryCodes: string[] }> {
    await this.checkPassword(user, password, session, 'recovery_codes_generated')
    return writeTransaction(this.deps.db, () => {
      if (!this.isEnabled(user.id)) throw notOn()
      const recoveryCodes = this.replaceRecoveryCodes(user.id)
      this.deps.audit.record({ kind: 'recovery_codes_generated', outcome: 'success', actor: user, subject: user })
      return { recoveryCodes }
    })
  }

  /**
   * For a user who lost their phone; the administrator is the actor in the audit trail. Already
   * off (another administrator was quicker) is no error, and is not recorded again.
   */
  adminDisable(admin: UserRecord, userId: number): void {
    const { db, users, audit } = this.deps
    // One's own two-factor goes off on one's own screen, with the password, like anyone's.
    if (userId === admin.id) throw new AppError('own_account_elsewhere')
    writeTransaction(db, () => {
      const target = users.byId(userId)
      if (!target) throw new AppError('not_found')
      if (!this.isEnabled(userId)) return
      this.remove(userId)
      audit.record({ kind: 'admin_disable_two_factor', outcome: 'success', actor: admin, subject: target })
    })
  }

  /**
   * The current password (the directory's, for a directory user), as one attempt of the login
   * lockout: a wrong one counts toward the same lock as a wrong login password.
   */
  private async checkPassword(user: UserRecord, password: string, session: string, kind: AuditKind): Promise<void> {
    const { attempts, verifier } = this.deps
    const attempt = { kind, key: usernameKey(user.username), subject: user, actor: user, session }
    await attempts.check(attempt, () => verifier.verifyOwn(user, password), {
      detail: 'wrong password',
      error: passwordIncorrect
    })
  }

  /**
   * Whether `proof` is a right second factor for the user, spending it: a code's time-step (or
   * an older one) never works again, a recovery code is used up. Call inside the attempt's transaction.
   */
  proves(userId: number, proof: SecondFactorProof): boolean {
    return 'code' in proof ? this.useCode(userId, proof.code) : this.useRecoveryCode(userId, proof.recoveryCode)
  }

  /** The answer to a wrong second factor, beside its field. */
  wrongProof(proof: SecondFactorProof): AppError {
    return wrongCode('code' in proof ? 'code' : 'recoveryCode')
  }

  /** Checks and moves the last used time-step at once: a code (or an older one) never works twice. */
  private useCode(userId: number, code: string): boolean {
    const { db } = this.deps
    return writeTransaction(db, () => {
      const row = this.row(userId)
      if (!row || row.enabledAt === null) return false
      const step = this.matchingStep(row, userId, code)
      if (step === null || (row.lastUsedStep !== null && step <= row.lastUsedStep)) return false
      this.rows.setLastUsedStep(userId, step)
      return true
    })
  }

  private useRecoveryCode(userId: number, typed: string): boolean {
    const canonical = parseResetCode(typed)
    if (canonical === null) return false
    return this.rows.useRecoveryCode(userId, hashResetCode(canonical), this.deps.clock.now())
  }

  /** The time-step `code` belongs to (now ±1 step), or null. */
  private matchingStep(row: TwoFactorRow, userId: number, code: string): number | null {
    const typed = code.replace(/\s/g, '')
    if (!/^\d{6}$/.test(typed)) return null
    const totp = totpFor(this.deps.box.open(row.sealedKey, sealContext(userId)), '')
    const timestamp = this.deps.clock.now()
    const delta = totp.validate({ token: typed, timestamp, window: 1 })
    return delta === null ? null : totp.counter({ timestamp }) + delta
  }

  private replaceRecoveryCodes(userId: number): string[] {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newResetCode(this.deps.randomBytes))
    this.rows.replaceRecoveryCodes(userId, codes.map(hashResetCode))
    return codes.map(displayResetCode)
  }

  private remove(userId: number): void {
    this.rows.remove(userId)
  }

  private row(userId: number): TwoFactorRow | undefined {
    return this.rows.row(userId)
  }
}

const sealContext = (userId: number): string => `two-factor:${userId}`

/** otpauth wants an ArrayBuffer of exactly the secret's bytes, not Node's shared pool. */
const bufferOf = (bytes: Buffer): ArrayBuffer => new Uint8Array(bytes).buffer

function totpFor(secret: Buffer, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: new Secret({ buffer: bufferOf(secret) })
  })
}

const wrongCode = (field: 'code' | 'recoveryCode'): AppError =>
  fieldFailure(field, field === 'code' ? 'wrong_two_factor_code' : 'wrong_recovery_code')

const passwordIncorrect = (): AppError => fieldFailure('password', 'password_incorrect')

const alreadyOn = (): AppError => new AppError('two_factor_already_on')

const notOn = (): AppError => new AppError('two_factor_off')

export const loginExpired = (): AppError => new AppError('two_factor_login_expired')
