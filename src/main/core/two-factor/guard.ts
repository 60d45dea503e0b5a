import type { AuditKind } from '../../../shared/audit-kinds'
import { type Db, writeTransaction } from '../../db/database'
import type { UserRecord, UserRepository } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import type { Clock } from '../support/clock'
import { FieldErrors, fieldError } from '../support/errors'
import { usernameKey } from '../accounts/identity'
import type { Lockout } from '../login/lockout'
import { lockedOut } from '../login/attempts'
import type { PasswordHasher } from '../passwords/hasher'

/**
 * Where two-factor meets the login lockout: wrong codes and wrong passwords on the two-factor
 * screens count toward the same lock as a wrong login password.
 */
export class TwoFactorGuard {
  /** Each user's password check in progress, so a burst is checked one after another. */
  private readonly passwordChecks = new Map<number, Promise<void>>()

  constructor(
    private readonly deps: {
      db: Db
      clock: Clock
      users: UserRepository
      hasher: PasswordHasher
      lockout: Lockout
      audit: AuditLog
    }
  ) {}

  /**
   * The current password, for turning 2FA off or new codes; wrong counts toward the lockout.
   * Checks for one user run one at a time: otherwise a Promise.all burst of guesses would all
   * pass the lock test before the first failure was counted.
   */
  async checkPassword(user: UserRecord, password: string, kind: AuditKind): Promise<void> {
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
    const admission = writeTransaction(db, () => lockout.admit(key))
    if (!admission.admitted) throw lockedOut(admission.lockedUntil, clock.now())
    const current = this.deps.users.byId(user.id)
    const ok = current?.passwordHash != null && (await hasher.verify(current.passwordHash, password))
    if (ok) {
      const lockedUntil = writeTransaction(db, () => lockout.forgive(key))
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
  refuseIfLocked(user: UserRecord): void {
    const { lockout, clock } = this.deps
    const until = lockout.lockedUntil(usernameKey(user.username))
    if (until !== null) throw lockedOut(until, clock.now())
  }

  /**
   * The one place a wrong code or password here meets the lockout (with refuseIfLocked), so a
   * change to the lockout service's API is made here once. It throws nothing, so it can run
   * inside a caller's transaction; the caller asks refuseIfLocked afterwards.
   */
  recordFailure(user: UserRecord, kind: AuditKind, detail: string, options: { admitted?: boolean } = {}): void {
    const { db, lockout, audit } = this.deps
    const subject = { id: user.id, username: user.username }
    const key = usernameKey(user.username)
    writeTransaction(db, () => {
      // A code is checked inside the caller's transaction, so it is counted here, as an attempt
      // admitted and failed at once; a password was admitted before it was verified.
      const admission = options.admitted ? { admitted: true as const } : lockout.admit(key)
      const nowLocked = admission.admitted ? lockout.fail(key).lockedNow : admission.lockedNow
      audit.record({ kind, outcome: 'failure', subject, detail })
      if (nowLocked) audit.record({ kind: 'lockout', outcome: 'success', subject })
    })
  }
}
