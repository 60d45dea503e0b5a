import {
  DEFAULT_PASSWORD_MIN_LENGTH,
  HASHING_TIME_LIMIT_MS,
  PASSWORD_MAX_CHARS,
  RESET_CODE_CHARS,
  USERNAME_MAX_CHARS
} from './limits'
import type { FieldError } from './result'
import { countOf } from './plural'

/**
 * Every error code main may answer, and its one wording, used by main (AppError and field
 * errors) and the renderer alike, like Django's `error_messages`. Parameters fill the blanks;
 * a wording reads sensibly when one is missing.
 */
export const ERROR_CODES = [
  // Whole-form errors
  'invalid_credentials',
  'locked_out',
  'too_many_attempts',
  'first_run_pending',
  'first_run_over',
  'not_signed_in',
  'forbidden',
  'password_change_required',
  'validation_failed',
  'invalid_input',
  // invalid_input's field errors: the payload's shape, not a form's rules
  'too_long',
  'too_small',
  'unknown_field',
  'wrong_type',
  'invalid_value',
  'internal_error',
  'unknown_channel',
  'wrong_window',
  'unreachable',
  // The Accounts console
  'last_admin',
  'own_admin_role',
  'not_found',
  'account_inactive',
  'mail_not_sent',
  'directory_managed',
  'password_managed_by_directory',
  'directory_unreachable',
  'confirmation_mismatch',
  'account_expired',
  'temporary_password_used',
  'expiry_invalid',
  'date_invalid',
  'file_not_saved',
  // Field errors
  'username_required',
  'email_required',
  'password_required',
  'username_taken',
  'email_taken',
  'username_invalid',
  'username_too_long',
  'username_mixed_scripts',
  'username_too_many_marks',
  'email_invalid',
  'password_mismatch',
  'old_password_incorrect',
  'password_same_as_temporary',
  'password_too_short',
  'password_too_similar',
  'password_too_common',
  'password_entirely_numeric',
  'password_too_long',
  // Reset codes (the call's error and the Reset code field's)
  'reset_code_required',
  'reset_code_malformed',
  'reset_code_invalid',
  'reset_code_expired',
  'reset_code_used',
  'reset_code_attempts_exceeded',
  // The Settings screen
  'setting_too_small',
  'setting_too_big',
  'setting_not_whole',
  'setting_wrong_type',
  'setting_invalid',
  'setting_fixed',
  'smtp_url_required',
  'smtp_url_invalid',
  'mail_from_invalid',
  'measure_in_progress',
  'hashing_too_slow',
  'test_email_failed',
  // Two-factor authentication
  'wrong_two_factor_code',
  'wrong_recovery_code',
  'password_incorrect',
  'two_factor_login_expired',
  'two_factor_setup_required',
  'two_factor_already_on',
  'two_factor_off',
  'two_factor_setup_missing',
  // One workstation, many people
  'session_locked',
  'locked_session_ended',
  'reauthentication_required',
  'own_account_elsewhere',
  'two_factor_setup_elsewhere'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export type ErrorParams = Record<string, string | number>

type Wording = (params: ErrorParams | undefined) => string

const plural = countOf

/** A field's unit in the plural: `units` where it is not `unit` + s (MiB), else `unit` + s; null for none. */
const unitsOf = (params: ErrorParams | undefined): string | null => {
  if (typeof params?.unit !== 'string') return null
  return typeof params.units === 'string' ? params.units : `${params.unit}s`
}

/** A bound in the field's unit ("1 minute", "1024 MiB"), or the bare number. */
function bound(value: string | number | undefined, params: ErrorParams | undefined): string {
  if (typeof value !== 'number') return String(value ?? '')
  const units = unitsOf(params)
  return units === null ? String(value) : plural(value, String(params?.unit), units)
}

const required: Wording = () => 'This field is required.'

/** `satisfies`: a code without wording, or wording for a code that no longer exists, fails the type check. */
const WORDINGS = {
  invalid_credentials: (p) =>
    'Please enter a correct username or email and password. Both fields may be case-sensitive.' +
    (typeof p?.attemptsLeft === 'number' && typeof p.minutes === 'number'
      ? ` ${plural(p.attemptsLeft, 'attempt', 'attempts')} left before this name is locked for ${plural(p.minutes, 'minute', 'minutes')}.`
      : ''),
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
  too_long: () => 'This value is too long.',
  too_small: () => 'This value is too short or too small.',
  unknown_field: () => 'This field is not expected here.',
  wrong_type: () => 'This value has the wrong type.',
  invalid_value: () => 'This value is not allowed.',
  internal_error: () => 'Something went wrong. Nothing was changed.',
  unknown_channel: () => 'There is no such command.',
  wrong_window: () => 'This window may not do that.',
  unreachable: () => 'The app did not answer. Nothing was changed; please try again.',

  last_admin: (p) =>
    `${p?.username ?? 'This account'} is the last active administrator. Make another account an administrator first.`,
  own_admin_role: () => 'You can’t remove your own administrator role. Ask another administrator.',
  not_found: () => 'That account no longer exists.',
  account_inactive: () => 'That account is deactivated: reactivate it before sending a reset code.',
  mail_not_sent: (p) => `The reset code could not be emailed. ${p?.reason ?? ''}`.trim(),
  directory_managed: () => 'The directory manages this value; change it there.',
  password_managed_by_directory: () => "Your password is managed by your organisation's directory.",
  directory_unreachable: () => 'The directory cannot be reached. Try again later or ask your administrator.',
  account_expired: () => 'This account has expired. Ask an administrator.',
  temporary_password_used: () => 'This temporary password was already used. Ask your administrator for a new one.',
  date_invalid: () => 'Enter a date as YYYY-MM-DD.',
  file_not_saved: (p) => `The file was not saved. ${p?.reason ?? ''}`.trim(),
  expiry_invalid: () => 'Enter a date as YYYY-MM-DD, or leave it empty for never.',
  confirmation_mismatch: (p) => `Type the account’s username${p?.username ? `, ${p.username},` : ''} to confirm.`,

  username_required: required,
  email_required: required,
  password_required: required,
  username_taken: () => 'A user with that username already exists.',
  email_taken: () => 'A user with that email address already exists.',
  username_invalid: () => 'Enter a valid username: letters, digits and @ . + - _ only.',
  username_too_long: (p) =>
    `Usernames have at most ${p?.max ?? USERNAME_MAX_CHARS} characters${p?.length === undefined ? '' : ` (this one has ${p.length})`}.`,
  username_mixed_scripts: () =>
    'Use letters from one alphabet (Latin may go with Chinese, Japanese or Korean characters).',
  username_too_many_marks: () => 'Too many accent marks on one letter.',
  email_invalid: () => 'Enter a valid email address.',
  password_mismatch: () => 'The two password fields didn’t match.',
  old_password_incorrect: () => 'Your old password was entered incorrectly. Please enter it again.',
  password_same_as_temporary: () => 'Choose a password of your own, not the temporary one.',
  password_too_short: (p) =>
    `This password is too short. It must contain at least ${p?.min ?? DEFAULT_PASSWORD_MIN_LENGTH} characters.`,
  password_too_similar: (p) => `The password is too similar to the ${p?.attribute ?? 'personal information'}.`,
  password_too_common: () => 'This password is too common.',
  password_entirely_numeric: () => 'This password is entirely numeric.',
  password_too_long: (p) =>
    `This password is too long. It can have at most ${p?.max ?? PASSWORD_MAX_CHARS} characters.`,

  reset_code_required: () => 'Enter the reset code from the email.',
  reset_code_malformed: () =>
    `That is not a reset code: a reset code has ${RESET_CODE_CHARS} letters and digits, like ABCD-EFGH-JKMN-PQRS.`,
  reset_code_invalid: () => 'That reset code is not valid. Check it and try again, or request a new one.',
  reset_code_expired: () => 'That reset code has expired. Request a new one.',
  reset_code_used: () => 'That reset code has already been used. Request a new one if you still need it.',
  reset_code_attempts_exceeded: () => 'Too many wrong codes: the code no longer works. Request a new reset code.',

  // Bounds already in the field's unit, named by `unit`.
  setting_too_small: (p) => `Must be at least ${bound(p?.min, p)}.`,
  setting_too_big: (p) => `Must be at most ${bound(p?.max, p)}.`,
  setting_not_whole: (p) => (unitsOf(p) ? `Enter a whole number of ${unitsOf(p)}.` : 'Enter a whole number.'),
  setting_wrong_type: () => 'Enter a number.',
  setting_invalid: () => 'This value is not allowed.',
  setting_fixed: (p) =>
    p?.source === 'settings.json'
      ? 'This is set in settings.json, which wins over this screen: change it there.'
      : `This is set by the ${p?.source ?? 'environment'} environment variable, which wins over this screen.`,
  smtp_url_required: () => 'Enter the SMTP URL, or choose Mail log (development).',
  smtp_url_invalid: () =>
    'Enter a URL that starts with smtp:// or smtps://, like smtp://user:password@mail.example.com:587.',
  mail_from_invalid: () => 'Enter an email address, like desk@example.org or Front desk <desk@example.org>.',
  measure_in_progress: () => 'A measurement is already running. Try again when it ends.',
  hashing_too_slow: (p) =>
    `One hash would take about ${p?.milliseconds ?? 'too many'} ms with these values on this machine; more than ${p?.limit ?? HASHING_TIME_LIMIT_MS} ms is refused, as every login would wait that long.`,
  test_email_failed: (p) => `The test email was not sent. The mail server said: ${p?.reason ?? 'nothing'}`,

  wrong_two_factor_code: () => 'That code is not right, or was already used. Enter the current code from your app.',
  wrong_recovery_code: () => 'That recovery code is not right, or was already used.',
  password_incorrect: () => 'Your password was entered incorrectly. Please enter it again.',
  two_factor_login_expired: () => 'This login has expired. Log in again with your password.',
  two_factor_setup_required: () => 'Set up two-factor authentication for your administrator account first.',
  two_factor_already_on: () => 'Two-factor authentication is already on for your account.',
  two_factor_off: () => 'Two-factor authentication is not on for this account.',
  two_factor_setup_missing: () => 'Start the set-up again: no new key is waiting.',
  session_locked: () => 'This session is locked. Unlock it with your password.',
  locked_session_ended: (p) =>
    `This locked session has ended${p?.why ? ` ${String(p.why)}` : ''}. Please log in again.`,
  reauthentication_required: () => "Confirm it's you: enter your password to continue.",
  own_account_elsewhere: () =>
    'For your own account, use your own Change password or Two-factor authentication screen.',
  two_factor_setup_elsewhere: () =>
    'A two-factor set-up for this account is under way in another window. Finish or cancel it there first.'
} satisfies Record<ErrorCode, Wording>

const known = new Set<string>(ERROR_CODES)

export const isErrorCode = (code: string): code is ErrorCode => known.has(code)

/** The words for `code`, filled in with `params`. */
export const errorMessage = (code: ErrorCode, params?: ErrorParams): string => WORDINGS[code](params)

/** A field error with its words from the table; `params` only when given, so results compare as before. */
export function fieldError(code: ErrorCode, params?: ErrorParams): FieldError {
  const message = errorMessage(code, params)
  return params ? { code, message, params } : { code, message }
}
