import type { AuditKind } from '../../../shared/audit-kinds'
import { type Db, writeTransaction } from '../../db/database'
import type { UserRecord } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import type { SessionStore } from '../sessions/session-store'
import type { Clock } from '../support/clock'
import { AppError, fieldFailure, invalidCredentials } from '../support/errors'
import type { Lockout } from './lockout'

/**
 * One try of a secret against the lockout: `key` is the Lockout key of the name, `subject` the
 * account it names (null for a name that matches none), `actor` the signed-in user, if any.
 */
export interface Attempt {
  /** The audit kind its failures are recorded under (`login`, `password_change`, `two_factor_disabled`, …). */
  kind: AuditKind
  key: string
  subject: UserRecord | null
  actor: UserRecord | null
  /**
   * The session of the window trying, when it is signed in: a wrong secret that locks the name
   * ends it, on every route, so the window that guessed its way into a lock is signed out.
   */
  session?: string | null
}

/** A wrong secret: what the audit trail says, and the answer when no lock holds. */
export interface Wrong {
  detail: string
  /** A wrong password's answer (`invalid_credentials`) becomes the warning before the attempt that locks the name. */
  error: () => AppError
}

/**
 * What a right secret leads to, decided inside the outcome's transaction: `done` clears the
 * count; `step-due` (a second factor still due) takes back this attempt's own count and keeps
 * the earlier ones, so a known password neither adds to nor wipes out the count of guessed codes.
 */
export type Outcome<T> = { status: 'done' | 'step-due'; value: T }

/** One route that checks a secret: how to verify it, how a wrong one is told, what a right one does. */
export interface Route<T> {
  wrong: Wrong
  /** Inside the outcome's transaction. Throw `refuse(detail)` to count the secret as wrong after all. */
  right: () => Outcome<T>
}

/**
 * A right secret that still may not pass (the account changed meanwhile, a temporary password
 * already used). It counts as a wrong one; `answer`, when given, is what the caller is told
 * instead of the route's usual wrong answer (a lock still wins).
 */
export class Refused extends Error {
  constructor(
    readonly detail: string,
    readonly answer?: () => AppError
  ) {
    super(detail)
  }
}

export const refuse = (detail: string, answer?: () => AppError): Refused => new Refused(detail, answer)

const done = (): Outcome<void> => ({ status: 'done', value: undefined })

/** What the audit trail says of a lock, by the route that set it. */
const LOCK_DETAIL: Partial<Record<AuditKind, string>> = {
  password_change: 'wrong old passwords',
  unlock_failed: 'wrong unlock passwords',
  reauthenticated: "wrong passwords at Confirm it's you"
}

/**
 * The one attempt protocol for every route that checks a secret (login password, old password,
 * TOTP code, recovery code, directory bind, the two-factor password checks, and next unlock and
 * "confirm it's you"): admit → verify → succeed or fail → audit the lock.
 *
 * - admit: counted before the secret is verified, so however many calls arrive at once (from
 *   any window or process) no more secrets are verified than the lockout allows;
 * - verify: a verification that gives no verdict (the directory cannot answer) takes its count back;
 * - succeed: the count goes (or, with a step still due, only this attempt's), unless a lock came meanwhile;
 * - fail: the count stands, the failure and a new lock are audited, and a window whose wrong
 *   secret locked the name is signed out.
 */
export class PasswordAttempts {
  constructor(
    private readonly deps: { db: Db; lockout: Lockout; audit: AuditLog; clock: Clock; sessions: SessionStore }
  ) {}

  /**
   * A secret verified outside the database's lock (argon2, the directory). Resolves with what
   * `route.right` returned, or throws the refusal (`locked_out`, the route's wrong answer).
   */
  async check<T = void>(attempt: Attempt, verify: () => Promise<boolean>, route: Route<T> | Wrong): Promise<T> {
    const { db, lockout } = this.deps
    this.admit(attempt)
    let ok: boolean
    try {
      ok = await verify()
    } catch (error) {
      // No verdict at all (the directory cannot answer): not a wrong secret.
      writeTransaction(db, () => lockout.withdraw(attempt.key))
      throw error
    }
    return this.settle(attempt, ok, asRoute(route))
  }

  /**
   * A secret checked inside one transaction with its lock test and count (a TOTP or recovery
   * code, whose check itself writes): a second process cannot slip a guess in between.
   */
  checkNow<T = void>(attempt: Attempt, verify: () => boolean, route: Route<T> | Wrong): T {
    const outcome = writeTransaction(this.deps.db, (): { value: T } | AppError => {
      const refusal = this.admission(attempt)
      if (refusal) return refusal
      return this.outcome(attempt, verify(), asRoute(route))
    })
    if (outcome instanceof AppError) throw outcome
    return outcome.value
  }

  /** Counts an attempt before its secret is verified, or throws `locked_out` (audited). */
  admit(attempt: Attempt): void {
    const refusal = writeTransaction(this.deps.db, () => this.admission(attempt))
    if (refusal) throw refusal
  }

  /** A wrong password, recorded and answered (`invalid_credentials`, or `locked_out` at the limit). */
  wrongPassword(attempt: Attempt, detail: string): AppError {
    return writeTransaction(this.deps.db, () => this.recordWrongPassword(attempt, detail))
  }

  /** Call inside a transaction; returns the error to answer. */
  recordWrongPassword(attempt: Attempt, detail: string): AppError {
    const error = attempt.kind === 'login' ? invalidCredentials : oldPasswordIncorrect
    return this.recordWrong(attempt, { detail, error })
  }

  /** A name that matches no account is kept out of the audit: it may be a password typed in the wrong field. */
  audit(attempt: Attempt, detail: string): void {
    this.deps.audit.record({
      kind: attempt.kind,
      outcome: 'failure',
      actor: attempt.actor,
      subject: attempt.subject,
      detail: attempt.subject ? detail : `${detail} (unknown name)`
    })
  }

  private settle<T>(attempt: Attempt, ok: boolean, route: Route<T>): T {
    const outcome = writeTransaction(this.deps.db, () => this.outcome(attempt, ok, route))
    if (outcome instanceof AppError) throw outcome
    return outcome.value
  }

  /** Inside the outcome's transaction: a refusal is returned, not thrown, so its count is kept. */
  private outcome<T>(attempt: Attempt, ok: boolean, route: Route<T>): { value: T } | AppError {
    const { db, lockout, clock } = this.deps
    if (!ok) return this.recordWrong(attempt, route.wrong)
    // A lock that came while the secret was verified wins over a right secret.
    const lockedUntil = lockout.lockedUntil(attempt.key)
    if (lockedUntil !== null) {
      this.audit(attempt, 'locked out')
      return lockedOut(lockedUntil, clock.now())
    }
    let outcome: Outcome<T>
    try {
      // A savepoint: a refusal undoes whatever `right` wrote before it.
      outcome = writeTransaction(db, route.right)
    } catch (error) {
      if (error instanceof Refused) return this.recordWrong(attempt, refusedAs(error, route.wrong))
      throw error
    }
    if (outcome.status === 'step-due') lockout.withdraw(attempt.key)
    else lockout.clear(attempt.key)
    return { value: outcome.value }
  }

  /** Inside a transaction: the attempt is counted, or the refusal to answer (audited). */
  private admission(attempt: Attempt): AppError | null {
    const { lockout, clock } = this.deps
    const result = lockout.admit(attempt.key)
    if (result.admitted) return null
    this.audit(attempt, 'locked out')
    if (result.lockedNow) {
      this.locked(attempt)
      this.signOut(attempt)
    }
    return lockedOut(result.lockedUntil, clock.now())
  }

  /** Inside a transaction: a wrong secret's count stands; returns the error to answer. */
  private recordWrong(attempt: Attempt, wrong: Wrong): AppError {
    const { lockedUntil, lockedNow, attemptsLeft } = this.deps.lockout.fail(attempt.key)
    this.audit(attempt, wrong.detail)
    if (lockedNow) this.locked(attempt)
    if (lockedUntil === null) {
      const error = wrong.error()
      // A wrong password at Log in warns before the attempt that locks; counted by the name's key
      // alone, so a known and an unknown name are warned alike. A wrong code keeps its own answer.
      if (attempt.kind !== 'login' || attemptsLeft !== 1 || error.code !== 'invalid_credentials') return error
      return invalidCredentials({ attemptsLeft, minutes: this.deps.lockout.lockMinutes })
    }
    this.signOut(attempt)
    return lockedOut(lockedUntil, this.deps.clock.now())
  }

  /** Whichever of its guesses set the lock, the guessing window is signed out. */
  private signOut(attempt: Attempt): void {
    if (attempt.session) this.deps.sessions.delete(attempt.session)
  }

  private locked(attempt: Attempt): void {
    this.deps.audit.record({
      kind: 'lockout',
      outcome: 'success',
      subject: attempt.subject,
      detail: attempt.subject ? (LOCK_DETAIL[attempt.kind] ?? null) : 'unknown name'
    })
  }
}

const refusedAs = (refusal: Refused, wrong: Wrong): Wrong =>
  refusal.answer ? { detail: refusal.detail, error: refusal.answer } : { ...wrong, detail: refusal.detail }

const asRoute = <T>(route: Route<T> | Wrong): Route<T> =>
  'right' in route ? route : { wrong: route, right: done as () => Outcome<T> }

export const oldPasswordIncorrect = (): AppError => fieldFailure('oldPassword', 'old_password_incorrect')

export function lockedOut(until: number, now: number): AppError {
  const minutes = Math.max(1, Math.ceil((until - now) / 60000))
  return new AppError('locked_out', { params: { minutes } })
}
