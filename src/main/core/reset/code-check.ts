import type { ErrorCode } from '../../../shared/errors'
import { type Db, writeTransaction } from '../../db/database'
import type { ResetCodeRepository, ResetCodeRow } from '../../db/reset-codes-repository'
import type { UserRecord, UserRepository } from '../../db/users-repository'
import type { AttemptThrottle, Slowdown } from '../login/attempt-throttle'
import type { AuditLog } from '../audit/audit-log'
import type { Clock } from '../support/clock'
import { AppError, fieldError } from '../support/errors'
import { hashResetCode, parseResetCode } from '../support/one-time-code'
import type { Settings } from '../settings/load-settings'

/**
 * Wrong codes from every window together, per 15 minutes, answered at once; later ones are
 * slowed (AttemptThrottle). Four codes' worth of `maxAttempts`: people mistyping their own code
 * stay well under it.
 */
export const WORKSTATION_WRONG_CODES = { perWindow: null, workstationWide: 20, periodInSeconds: 15 * 60 }

export interface ResetCodeCheckDeps {
  db: Db
  clock: Clock
  users: UserRepository
  audit: AuditLog
  settings: Settings['resetCodes']
  codes: ResetCodeRepository
  /** Built with WORKSTATION_WRONG_CODES, scope `reset_code`. */
  wrongCodes: AttemptThrottle
}

/**
 * Which account a window last asked a code for, and when. ResetCodes keeps it per window id (in
 * main-process memory: window ids belong to this process) and hands it back here.
 */
export interface ResetFlow {
  user: { id: number; username: string } | null
  startedAt: number
}

/**
 * A typed reset code: the live code it names, or the error to show.
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
 *   WORKSTATION_WRONG_CODES; past it every wrong code's answer waits its turn, each a little
 *   longer, and the audit trail says so. A right code is never held: at 80 bits per code a
 *   guesser's rate matters little, and stopping every reset on the workstation would be the
 *   greater harm. An administrator sees and lifts the slowing (ProbePauses).
 * The check, the look-up and the counts share one immediate transaction, so a burst of
 * confirms from many windows (or processes) is counted one by one.
 */
export class ResetCodeCheck {
  private readonly wrongCodes: AttemptThrottle

  constructor(private readonly deps: ResetCodeCheckDeps) {
    this.wrongCodes = deps.wrongCodes
  }

  /** The live code typed, or the error to show; wrong codes are counted (see the class comment). */
  async liveCode(typed: string, windowId: string, flow: ResetFlow | null): Promise<ResetCodeRow> {
    if (typed.trim() === '') throw codeError('reset_code_required')
    const canonical = parseResetCode(typed)
    if (canonical === null) throw codeError('reset_code_malformed')
    const { db } = this.deps
    const found = writeTransaction(db, (): ResetCodeRow | { error: AppError; slowdown: Slowdown } => {
      const row = this.deps.codes.byHash(hashResetCode(canonical))
      // Returned, not thrown: a throw would roll back the count.
      return row ?? this.wrongTry(windowId, this.unexpired(flow))
    })
    if ('error' in found) {
      await this.wrongCodes.waitFor(found.slowdown)
      throw found.error
    }
    const row = found
    const owner = this.deps.users.byId(row.userId)
    if (row.usedAt !== null) {
      this.auditFailure(owner, 'code already used')
      throw codeError('reset_code_used')
    }
    if (this.deps.clock.now() >= row.expiresAt) {
      this.auditFailure(owner, 'code expired')
      throw codeError('reset_code_expired')
    }
    return row
  }

  lostCodeError(codeId: number): AppError {
    const row = this.deps.codes.usedAt(codeId)
    if (!row) return codeError('reset_code_invalid')
    return codeError(row.usedAt !== null ? 'reset_code_used' : 'reset_code_expired')
  }

  /** Counts a wrong code (call inside the look-up's transaction); returns the error to show. */
  private wrongTry(windowId: string, flow: ResetFlow | null): { error: AppError; slowdown: Slowdown } {
    const { settings, audit } = this.deps
    // The same statements run whether or not the window's request matched an account.
    const userId = flow?.user?.id ?? 0
    const died = this.deps.codes.countWrongCode(userId, settings.maxAttempts)
    const slowdown = this.wrongCodes.record(windowId)
    audit.record({
      kind: 'reset_confirm',
      outcome: 'failure',
      subject: flow?.user ?? null,
      detail: died > 0 ? 'wrong code; too many wrong codes, so the live code died' : 'wrong code'
    })
    if (slowdown.reached === 'workstation') {
      audit.record({
        kind: 'reset_confirm',
        outcome: 'failure',
        detail: 'many wrong codes on this workstation: answers to wrong codes are slowed'
      })
    }
    // The answer follows this window's own count only, never whether a code died, so an
    // unknown address cannot be told from a known one.
    const tries = flow ? this.wrongCodes.windowCountSince(windowId, flow.startedAt) : 0
    const error =
      flow && tries >= settings.maxAttempts
        ? codeError('reset_code_attempts_exceeded')
        : codeError('reset_code_invalid')
    return { error, slowdown }
  }

  /** A flow lasts as long as a code does, read at each call: a lifetime changed in Settings applies at once. */
  private unexpired(flow: ResetFlow | null): ResetFlow | null {
    if (!flow) return null
    return this.deps.clock.now() - flow.startedAt >= this.deps.settings.lifetimeInSeconds * 1000 ? null : flow
  }

  auditFailure(user: UserRecord | null, detail: string): void {
    this.deps.audit.record({
      kind: 'reset_confirm',
      outcome: 'failure',
      subject: user ? { id: user.id, username: user.username } : null,
      detail
    })
  }
}

/** A code problem, reported as the call's error and beside the Reset code field. */
export function codeError(code: ResetCodeErrorCode): AppError {
  return new AppError(code, { fields: { code: [fieldError(code)] } })
}

type ResetCodeErrorCode = Extract<ErrorCode, `reset_code_${string}`>
