import type { UserRecord } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import { AppError, FieldErrors, fieldError } from '../support/errors'

/** Today's date on the workstation's calendar, as 'YYYY-MM-DD' (what `Account expires` holds). */
export function localDate(now: number): string {
  const day = new Date(now)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`
}

/** From its `Account expires` day on (not the day after), an account cannot sign in or stay signed in. */
export const isExpired = (user: Pick<UserRecord, 'expiresOn'>, now: number): boolean =>
  user.expiresOn !== null && user.expiresOn <= localDate(now)

/** An administrator who can sign in at `now`: active and not expired (what the last-administrator rule keeps). */
export const isUsableAdmin = (user: Pick<UserRecord, 'isAdmin' | 'isActive' | 'expiresOn'>, now: number): boolean =>
  user.isAdmin && user.isActive && !isExpired(user, now)

/** An empty box is never; anything else must be a real calendar day. Throws the field error. */
export function checkedExpiry(value: string | null): string | null {
  const text = value?.trim() ?? ''
  if (text === '') return null
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null
  if (!day || day.toISOString().slice(0, 10) !== text) {
    const errors = new FieldErrors()
    errors.add('expiresOn', fieldError('expiry_invalid'))
    errors.throwIfAny()
  }
  return text
}

/**
 * The right password for an expired account: said so (only a right password learns it) and
 * audited as a failed login. Thrown from the verification, so the attempt protocol takes the
 * attempt's count back, as for any verification that gives no verdict on the password.
 */
export function expiredLogin(audit: AuditLog, account: UserRecord): AppError {
  audit.record({ kind: 'login', outcome: 'failure', subject: account, detail: 'account expired' })
  return new AppError('account_expired')
}
