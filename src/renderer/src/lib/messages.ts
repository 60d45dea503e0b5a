import type { ApiError, FieldError } from '../../../shared/result'
import type { SessionEndReason } from '../../../shared/views'

type Params = Record<string, string | number> | undefined
type Wording = (params: Params) => string

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`

/**
 * Error codes from main, in the words this window shows. The one place wording lives; a code
 * not listed here shows main's own message, so a new code is never silent.
 */
const wordings: Record<string, Wording> = {
  // Whole-form errors
  invalid_credentials: () =>
    'Please enter a correct username or email and password. Both fields may be case-sensitive.',
  locked_out: (p) =>
    typeof p?.minutes === 'number'
      ? `Too many failed attempts for this username. Try again in ${plural(p.minutes, 'minute', 'minutes')}, or ask an administrator to unlock it.`
      : 'Too many failed attempts for this username. Try again later, or ask an administrator to unlock it.',
  too_many_attempts: (p) =>
    typeof p?.minutes === 'number'
      ? `Too many failed attempts on this workstation. Try again in ${plural(p.minutes, 'minute', 'minutes')}.`
      : 'Too many failed attempts on this workstation. Try again later.',
  first_run_pending: () => 'No administrator exists yet. Create the administrator first.',
  first_run_over: () => 'An administrator already exists. Log in or sign up instead.',
  not_signed_in: () => 'Your session has ended. Please sign in again.',
  forbidden: () => 'Only administrators may do that.',
  password_change_required: () => 'Your password was set by an administrator. Choose a new password of your own first.',
  validation_failed: () => 'Please correct the errors below.',
  invalid_input: () => 'The request was not understood.',
  internal_error: () => 'Something went wrong. Nothing was changed.',
  unreachable: () => 'The app did not answer. Nothing was changed; please try again.',

  // The Accounts console
  last_admin: (p) =>
    `${p?.username ?? 'This account'} is the last active administrator. Make another account an administrator first.`,
  own_admin_role: () => 'You can’t remove your own administrator role. Ask another administrator.',
  not_found: () => 'That account no longer exists.',
  account_inactive: () => 'That account is deactivated: reactivate it before sending a reset code.',
  directory_managed: () => 'The directory manages this value; change it there.',
  password_managed_by_directory: () => "Your password is managed by your organisation's directory.",
  directory_unreachable: () => 'The directory cannot be reached. Try again later or ask your administrator.',
  confirmation_mismatch: (p) => `Type the account’s username${p?.username ? `, ${p.username},` : ''} to confirm.`,

  // Field errors
  username_required: () => 'This field is required.',
  email_required: () => 'This field is required.',
  password_required: () => 'This field is required.',
  username_taken: () => 'A user with that username already exists.',
  email_taken: () => 'A user with that email address already exists.',
  username_invalid: () => 'Enter a valid username: letters, digits and @ . + - _ only.',
  username_too_long: (p) => `Usernames have at most ${p?.max ?? 150} characters (this one has ${p?.length}).`,
  email_invalid: () => 'Enter a valid email address.',
  password_mismatch: () => 'The two password fields didn’t match.',
  old_password_incorrect: () => 'Your old password was entered incorrectly. Please enter it again.',
  password_too_short: (p) => `This password is too short. It must contain at least ${p?.min ?? 8} characters.`,
  password_too_similar: (p) => `The password is too similar to the ${p?.attribute ?? 'personal information'}.`,
  password_too_common: () => 'This password is too common.',
  password_entirely_numeric: () => 'This password is entirely numeric.',
  password_too_long: (p) => `This password is too long. It can have at most ${p?.max ?? 1024} characters.`,

  // Reset codes (the call's error and the Reset code field's)
  reset_code_required: () => 'Enter the reset code from the email.',
  reset_code_malformed: () => 'That is not a reset code: it has 16 letters and digits, like ABCD-EFGH-JKMN-PQRS.',
  reset_code_invalid: () => 'That reset code is not valid. Check it and try again, or request a new one.',
  reset_code_expired: () => 'That reset code has expired. Request a new one.',
  reset_code_used: () => 'That reset code has already been used. Request a new one if you still need it.',
  reset_code_attempts_exceeded: () => 'Too many wrong codes: the code no longer works. Request a new reset code.',

  // The Settings screen (bounds already in the field's unit, named by `unit`)
  setting_too_small: (p) => `Must be at least ${bound(p?.min, p?.unit)}.`,
  setting_too_big: (p) => `Must be at most ${bound(p?.max, p?.unit)}.`,
  setting_not_whole: () => 'Enter a whole number.',
  setting_wrong_type: () => 'Enter a number.',
  setting_invalid: () => 'This value is not allowed.',
  setting_fixed: (p) =>
    p?.source === 'settings.json'
      ? 'This is set in settings.json, which wins over this screen: change it there.'
      : `This is set by the ${p?.source ?? 'environment'} environment variable, which wins over this screen.`,
  smtp_url_required: () => 'Enter the SMTP URL, or choose Mail log (development).',
  smtp_url_invalid: () => 'Enter a URL that starts with smtp:// or smtps://, like smtp://user:password@mail.example.com:587.',
  measure_in_progress: () => 'A measurement is already running. Try again when it ends.',
  test_email_failed: (p) => `The test email was not sent. The mail server said: ${p?.reason ?? 'nothing'}`,
  // Two-factor authentication
  wrong_two_factor_code: () => 'That code is not right, or was already used. Enter the current code from your app.',
  wrong_recovery_code: () => 'That recovery code is not right, or was already used.',
  password_incorrect: () => 'Your password was entered incorrectly. Please enter it again.',
  two_factor_login_expired: () => 'This login has expired. Log in again with your password.',
  two_factor_setup_required: () => 'Set up two-factor authentication for your administrator account first.',
  two_factor_already_on: () => 'Two-factor authentication is already on for your account.',
  two_factor_off: () => 'Two-factor authentication is not on for this account.',
  two_factor_setup_missing: () => 'Start the set-up again: no new key is waiting.'
}

function bound(value: string | number | undefined, unit: string | number | undefined): string {
  if (typeof value !== 'number') return String(value ?? '')
  return typeof unit === 'string' ? plural(value, unit, `${unit}s`) : String(value)
}

/** Words for an error from main, whole-form or field. */
export function messageFor(error: Pick<ApiError | FieldError, 'code' | 'message' | 'params'>): string {
  const wording = wordings[error.code]
  return wording ? wording(error.params) : error.message
}

/** Words for a failure to reach main at all (preview server stopped, IPC broken). */
export const unreachableMessage = (): string => messageFor({ code: 'unreachable', message: '' })

const sessionEndNotices: Record<Exclude<SessionEndReason, 'idle'>, string> = {
  expired: 'Your session reached its time limit, so you were signed out. Please sign in again.',
  revoked: 'Your session was ended, so you were signed out. Please sign in again.',
  password_changed: 'Your password was changed elsewhere, so you were signed out. Please sign in with the new one.'
}

function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60)
  return minutes === 1 ? '1 minute' : `${minutes} minutes`
}

export const sessionEndNotice = (reason: SessionEndReason, idleTimeoutInSeconds: number): string =>
  reason === 'idle'
    ? `You were signed out after ${duration(idleTimeoutInSeconds)} without activity. Please log in again.`
    : sessionEndNotices[reason]
