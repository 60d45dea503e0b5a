import { Secret, TOTP } from 'otpauth'
import { toDataURL } from 'qrcode'
import type { Db } from '../../db/database'
import { TwoFactorRepository, type TwoFactorRow } from '../../db/two-factor-repository'
import type { UserRecord, UserRepository } from '../../db/users-repository'
import type { TwoFactorSetup, TwoFactorStatus } from '../../../shared/views'
import type { Accounts, SignedIn } from '../accounts/accounts'
import type { AuditLog } from '../audit/audit-log'
import type { Clock, RandomBytes } from '../support/clock'
import { AppError, fieldError } from '../support/errors'
import type { Lockout } from '../login/lockout'
import type { PasswordHasher } from '../passwords/hasher'
import { displayResetCode, hashResetCode, newResetCode, parseResetCode } from '../support/one-time-code'
import type { SecretBox } from '../support/secret-box'
import { TwoFactorGuard } from './guard'
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
  hasher: PasswordHasher
  accounts: Accounts
  lockout: Lockout
  audit: AuditLog
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
  private readonly guard: TwoFactorGuard

  constructor(private readonly deps: TwoFactorDeps) {
    this.rows = new TwoFactorRepository(deps.db)
    this.guard = new TwoFactorGuard(deps)
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

  /** A fresh secret, kept sealed until a right code turns it on; an earlier unfinished one is replaced. */
  async beginSetup(user: UserRecord): Promise<TwoFactorSetup> {
    const { db, box, randomBytes } = this.deps
    const secret = randomBytes(SECRET_BYTES)
    db.transaction(() => {
      if (this.isEnabled(user.id)) throw alreadyOn()
      this.rows.putPendingKey(user.id, box.seal(secret, sealContext(user.id)))
    }).immediate()
    const uri = totpFor(secret, user.username).toString()
    // Drawn here, in the main process: the secret goes to no QR service.
    const qrCode = await toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 232 })
    return { setupKey: new Secret({ buffer: bufferOf(secret) }).base32, uri, qrCode }
  }

  /** A right code from the new secret turns 2FA on; returns the recovery codes, shown once. */
  enable(user: UserRecord, code: string): { recoveryCodes: string[] } {
    const { db, clock, audit } = this.deps
    return db
      .transaction(() => {
        const row = this.row(user.id)
        if (row?.enabledAt != null) throw alreadyOn()
        if (!row) throw new AppError('two_factor_setup_missing')
        const step = this.matchingStep(row, user.id, code)
        if (step === null) throw wrongCode('code')
        this.rows.enable(user.id, clock.now(), step)
        const recoveryCodes = this.replaceRecoveryCodes(user.id)
        audit.record({ kind: 'two_factor_enabled', outcome: 'success', actor: user, subject: user })
        return { recoveryCodes }
      })
      .immediate()
  }

  async disable(user: UserRecord, password: string): Promise<void> {
    await this.guard.checkPassword(user, password, 'two_factor_disabled')
    this.deps.db
      .transaction(() => {
        if (!this.isEnabled(user.id)) throw notOn()
        this.remove(user.id)
        this.deps.audit.record({ kind: 'two_factor_disabled', outcome: 'success', actor: user, subject: user })
      })
      .immediate()
  }

  async regenerateRecoveryCodes(user: UserRecord, password: string): Promise<{ recoveryCodes: string[] }> {
    await this.guard.checkPassword(user, password, 'recovery_codes_generated')
    return this.deps.db
      .transaction(() => {
        if (!this.isEnabled(user.id)) throw notOn()
        const recoveryCodes = this.replaceRecoveryCodes(user.id)
        this.deps.audit.record({ kind: 'recovery_codes_generated', outcome: 'success', actor: user, subject: user })
        return { recoveryCodes }
      })
      .immediate()
  }

  /**
   * For a user who lost their phone; the administrator is the actor in the audit trail. Already
   * off (another administrator was quicker) is no error, and is not recorded again.
   */
  adminDisable(admin: UserRecord, userId: number): void {
    const { db, users, audit } = this.deps
    db.transaction(() => {
      const target = users.byId(userId)
      if (!target) throw new AppError('not_found')
      if (!this.isEnabled(userId)) return
      this.remove(userId)
      audit.record({ kind: 'admin_disable_two_factor', outcome: 'success', actor: admin, subject: target })
    }).immediate()
  }

  /**
   * The second login step, after a right password. A wrong code counts toward the same
   * lockout as a wrong password; a right one starts the session.
   */
  completeLogIn(userId: number, windowId: string, proof: SecondFactorProof): SignedIn {
    const { db, users, accounts } = this.deps
    const user = users.byId(userId)
    if (!user || !user.isActive || !this.isEnabled(userId)) throw loginExpired()
    const byCode = 'code' in proof
    // Lock test, code check and failure count in one immediate transaction: a second process
    // cannot slip guesses in between, so no more codes are checked than the lockout allows.
    const accepted = db
      .transaction(() => {
        this.guard.refuseIfLocked(user)
        if (byCode ? this.useCode(user.id, proof.code) : this.useRecoveryCode(user.id, proof.recoveryCode)) return true
        this.guard.recordFailure(user, 'login', byCode ? 'wrong authentication code' : 'wrong recovery code')
        return false
      })
      .immediate()
    if (!accepted) {
      this.guard.refuseIfLocked(user)
      throw wrongCode(byCode ? 'code' : 'recoveryCode')
    }
    return accounts.startSession(user, windowId, byCode ? 'with an authentication code' : 'with a recovery code')
  }

  /** Checks and moves the last used time-step at once: a code (or an older one) never works twice. */
  private useCode(userId: number, code: string): boolean {
    const { db } = this.deps
    return db
      .transaction(() => {
        const row = this.row(userId)
        if (!row || row.enabledAt === null) return false
        const step = this.matchingStep(row, userId, code)
        if (step === null || (row.lastUsedStep !== null && step <= row.lastUsedStep)) return false
        this.rows.setLastUsedStep(userId, step)
        return true
      })
      .immediate()
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

function wrongCode(field: 'code' | 'recoveryCode'): AppError {
  const error = field === 'code' ? fieldError('wrong_two_factor_code') : fieldError('wrong_recovery_code')
  return new AppError('validation_failed', { fields: { [field]: [error] } })
}

const alreadyOn = (): AppError => new AppError('two_factor_already_on')

const notOn = (): AppError => new AppError('two_factor_off')

export const loginExpired = (): AppError => new AppError('two_factor_login_expired')
