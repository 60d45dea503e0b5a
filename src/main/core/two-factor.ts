import type { AuditKind } from '../../shared/audit-kinds'
import { Secret, TOTP } from 'otpauth'
import { toDataURL } from 'qrcode'
import type { Db } from '../db/database'
import type { UserRecord, UserRepository } from '../db/users'
import type { TwoFactorSetup, TwoFactorStatus } from '../../shared/views'
import { lockedOut, type Accounts, type SignedIn } from './accounts'
import type { AuditLog } from './audit'
import type { Clock, RandomBytes } from './clock'
import { AppError, FieldErrors, fieldError } from './errors'
import { usernameKey } from './identity'
import type { Lockout } from './lockout'
import type { PasswordHasher } from './passwords'
import { displayResetCode, hashResetCode, newResetCode, parseResetCode } from './reset-code-format'
import type { SecretBox } from './secret-box'

export const ISSUER = 'Local Accounts'
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

interface Row {
  sealedKey: Buffer
  enabledAt: number | null
  lastUsedStep: number | null
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
  /** Each user's password check in progress, so a burst is checked one after another. */
  private readonly passwordChecks = new Map<number, Promise<void>>()

  constructor(private readonly deps: TwoFactorDeps) {}

  isEnabled(userId: number): boolean {
    return this.row(userId)?.enabledAt != null
  }

  /** With the setting on, an administrator without 2FA may do nothing until set up. */
  setupRequired(user: UserRecord, requiredForAdmins: boolean): boolean {
    return requiredForAdmins && user.isAdmin && !this.isEnabled(user.id)
  }

  status(user: UserRecord): TwoFactorStatus {
    const left = this.deps.db
      .prepare('SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL')
      .pluck()
      .get(user.id) as number
    return { enabled: this.isEnabled(user.id), recoveryCodesLeft: left }
  }

  /** A fresh secret, kept sealed until a right code turns it on; an earlier unfinished one is replaced. */
  async beginSetup(user: UserRecord): Promise<TwoFactorSetup> {
    const { db, box, randomBytes } = this.deps
    const secret = randomBytes(SECRET_BYTES)
    db.transaction(() => {
      if (this.isEnabled(user.id)) throw alreadyOn()
      db.prepare(
        `INSERT INTO two_factor (user_id, sealed_key, enabled_at, last_used_step) VALUES (?, ?, NULL, NULL)
         ON CONFLICT(user_id) DO UPDATE SET sealed_key = excluded.sealed_key, enabled_at = NULL, last_used_step = NULL`
      ).run(user.id, box.seal(secret, sealContext(user.id)))
    }).immediate()
    const uri = totpFor(secret, user.username).toString()
    // Drawn here, in the main process: the secret goes to no QR service.
    const qrCode = await toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 232 })
    return { setupKey: new Secret({ buffer: bufferOf(secret) }).base32, uri, qrCode }
  }

  /** A right code from the new secret turns 2FA on; returns the recovery codes, shown once. */
  enable(user: UserRecord, code: string): { recoveryCodes: string[] } {
    const { db, clock, audit } = this.deps
    return db.transaction(() => {
      const row = this.row(user.id)
      if (row?.enabledAt != null) throw alreadyOn()
      if (!row) throw new AppError('two_factor_setup_missing')
      const step = this.matchingStep(row, user.id, code)
      if (step === null) throw wrongCode('code')
      db.prepare('UPDATE two_factor SET enabled_at = ?, last_used_step = ? WHERE user_id = ?').run(clock.now(), step, user.id)
      const recoveryCodes = this.replaceRecoveryCodes(user.id)
      audit.record({ kind: 'two_factor_enabled', outcome: 'success', actor: user, subject: user })
      return { recoveryCodes }
    }).immediate()
  }

  async disable(user: UserRecord, password: string): Promise<void> {
    await this.checkPassword(user, password, 'two_factor_disabled')
    this.deps.db.transaction(() => {
      if (!this.isEnabled(user.id)) throw notOn()
      this.remove(user.id)
      this.deps.audit.record({ kind: 'two_factor_disabled', outcome: 'success', actor: user, subject: user })
    }).immediate()
  }

  async regenerateRecoveryCodes(user: UserRecord, password: string): Promise<{ recoveryCodes: string[] }> {
    await this.checkPassword(user, password, 'recovery_codes_generated')
    return this.deps.db.transaction(() => {
      if (!this.isEnabled(user.id)) throw notOn()
      const recoveryCodes = this.replaceRecoveryCodes(user.id)
      this.deps.audit.record({ kind: 'recovery_codes_generated', outcome: 'success', actor: user, subject: user })
      return { recoveryCodes }
    }).immediate()
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
    const accepted = db.transaction(() => {
      this.refuseIfLocked(user)
      if (byCode ? this.useCode(user.id, proof.code) : this.useRecoveryCode(user.id, proof.recoveryCode)) return true
      this.recordFailure(user, 'login', byCode ? 'wrong authentication code' : 'wrong recovery code')
      return false
    }).immediate()
    if (!accepted) {
      this.refuseIfLocked(user)
      throw wrongCode(byCode ? 'code' : 'recoveryCode')
    }
    return accounts.startSession(user, windowId, byCode ? 'with an authentication code' : 'with a recovery code')
  }

  /** Checks and moves the last used time-step at once: a code (or an older one) never works twice. */
  private useCode(userId: number, code: string): boolean {
    const { db } = this.deps
    return db.transaction(() => {
      const row = this.row(userId)
      if (!row || row.enabledAt === null) return false
      const step = this.matchingStep(row, userId, code)
      if (step === null || (row.lastUsedStep !== null && step <= row.lastUsedStep)) return false
      db.prepare('UPDATE two_factor SET last_used_step = ? WHERE user_id = ?').run(step, userId)
      return true
    }).immediate()
  }

  private useRecoveryCode(userId: number, typed: string): boolean {
    const canonical = parseResetCode(typed)
    if (canonical === null) return false
    const { db, clock } = this.deps
    const used = db
      .prepare('UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL')
      .run(clock.now(), userId, hashResetCode(canonical))
    return used.changes === 1
  }

  /** The time-step `code` belongs to (now ±1 step), or null. */
  private matchingStep(row: Row, userId: number, code: string): number | null {
    const typed = code.replace(/\s/g, '')
    if (!/^\d{6}$/.test(typed)) return null
    const totp = totpFor(this.deps.box.open(row.sealedKey, sealContext(userId)), '')
    const timestamp = this.deps.clock.now()
    const delta = totp.validate({ token: typed, timestamp, window: 1 })
    return delta === null ? null : totp.counter({ timestamp }) + delta
  }

  private replaceRecoveryCodes(userId: number): string[] {
    const { db, randomBytes } = this.deps
    db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId)
    const insert = db.prepare('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)')
    return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const code = newResetCode(randomBytes)
      insert.run(userId, hashResetCode(code))
      return displayResetCode(code)
    })
  }

  private remove(userId: number): void {
    this.deps.db.prepare('DELETE FROM two_factor WHERE user_id = ?').run(userId)
    this.deps.db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId)
  }

  /**
   * The current password, for turning 2FA off or new codes; wrong counts toward the lockout.
   * Checks for one user run one at a time: otherwise a Promise.all burst of guesses would all
   * pass the lock test before the first failure was counted.
   */
  private async checkPassword(user: UserRecord, password: string, kind: AuditKind): Promise<void> {
    const previous = this.passwordChecks.get(user.id) ?? Promise.resolve()
    const mine = previous.catch(() => undefined).then(() => this.checkPasswordNow(user, password, kind))
    this.passwordChecks.set(user.id, mine)
    try {
      await mine
    } finally {
      if (this.passwordChecks.get(user.id) === mine) this.passwordChecks.delete(user.id)
    }
  }

  private async checkPasswordNow(user: UserRecord, password: string, kind: AuditKind): Promise<void> {
    const { hasher, db, lockout, clock } = this.deps
    const key = usernameKey(user.username)
    // Counted before the password is verified (as at login), so another process gets no extra guesses.
    const admission = db.transaction(() => lockout.admit(key)).immediate()
    if (!admission.admitted) throw lockedOut(admission.lockedUntil, clock.now())
    const current = this.deps.users.byId(user.id)
    const ok = current?.passwordHash != null && (await hasher.verify(current.passwordHash, password))
    if (ok) {
      const lockedUntil = db.transaction(() => lockout.forgive(key)).immediate()
      if (lockedUntil !== null) throw lockedOut(lockedUntil, clock.now())
      return
    }
    this.recordFailure(user, kind, 'wrong password', { admitted: true })
    this.refuseIfLocked(user)
    const errors = new FieldErrors()
    errors.add('password', fieldError('password_incorrect'))
    errors.throwIfAny()
  }

  /** A locked name may not even try: no code or password is checked while the lock runs. */
  private refuseIfLocked(user: UserRecord): void {
    const { lockout, clock } = this.deps
    const until = lockout.lockedUntil(usernameKey(user.username))
    if (until !== null) throw lockedOut(until, clock.now())
  }

  /**
   * The one place a wrong code or password here meets the lockout (with refuseIfLocked), so a
   * change to the lockout service's API is made here once. It throws nothing, so it can run
   * inside a caller's transaction; the caller asks refuseIfLocked afterwards.
   */
  private recordFailure(user: UserRecord, kind: AuditKind, detail: string, options: { admitted?: boolean } = {}): void {
    const { db, lockout, audit } = this.deps
    const subject = { id: user.id, username: user.username }
    const key = usernameKey(user.username)
    db.transaction(() => {
      // A code is checked inside the caller's transaction, so it is counted here, as an attempt
      // admitted and failed at once; a password was admitted before it was verified.
      const admission = options.admitted ? { admitted: true as const } : lockout.admit(key)
      const nowLocked = admission.admitted ? lockout.fail(key).lockedNow : admission.lockedNow
      audit.record({ kind, outcome: 'failure', subject, detail })
      if (nowLocked) audit.record({ kind: 'lockout', outcome: 'success', subject })
    }).immediate()
  }

  private row(userId: number): Row | undefined {
    return this.deps.db
      .prepare(
        'SELECT sealed_key AS sealedKey, enabled_at AS enabledAt, last_used_step AS lastUsedStep FROM two_factor WHERE user_id = ?'
      )
      .get(userId) as Row | undefined
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
  const error =
    field === 'code'
      ? fieldError('wrong_two_factor_code')
      : fieldError('wrong_recovery_code')
  return new AppError('validation_failed', { fields: { [field]: [error] } })
}

const alreadyOn = (): AppError => new AppError('two_factor_already_on')

const notOn = (): AppError => new AppError('two_factor_off')

export const loginExpired = (): AppError => new AppError('two_factor_login_expired')
