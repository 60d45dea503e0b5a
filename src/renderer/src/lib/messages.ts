import { errorMessage, isErrorCode } from '../../../shared/errors'
import type { ApiError, FieldError } from '../../../shared/result'
import type { SessionEndReason } from '../../../shared/views'
import { countOf } from '../../../shared/plural'

/**
 * Words for an error from main, whole-form or field, from the shared table. A code this build
 * does not know (a newer main) shows main's own message, so it is never silent.
 */
export function messageFor(error: Pick<ApiError | FieldError, 'code' | 'message' | 'params'>): string {
  return isErrorCode(error.code) ? errorMessage(error.code, error.params) : error.message
}

/** What a Save says when the form holds nothing new (Settings, an account's page); main is not asked. */
export const NO_CHANGES_TO_SAVE = 'No changes to save.'

/** Words for a failure to reach main at all (preview server stopped, IPC broken). */
export const unreachableMessage = (): string => messageFor({ code: 'unreachable', message: '' })

const sessionEndNotices: Record<Exclude<SessionEndReason, 'idle'>, string> = {
  expired: 'Your session reached its time limit, so you were signed out. Please sign in again.',
  revoked: 'Your session was ended, so you were signed out. Please sign in again.',
  password_changed: 'Your password was changed elsewhere, so you were signed out. Please sign in with the new one.',
  locked_limit: 'Your locked session ended because more locked sessions were kept on this workstation than allowed.',
  unlock_lockout: 'Your locked session ended after too many wrong passwords.',
  ended_by_admin: 'An administrator ended your session. Please sign in again.',
  two_factor_enabled:
    'Two-factor authentication was turned on for your account, so you were signed out. Please sign in again.'
}

const duration = (seconds: number): string => countOf(Math.round(seconds / 60), 'minute', 'minutes')

export const sessionEndNotice = (reason: SessionEndReason, idleTimeoutInSeconds: number): string =>
  reason === 'idle'
    ? `You were signed out after ${duration(idleTimeoutInSeconds)} without activity. Please log in again.`
    : sessionEndNotices[reason]
