import type { ApiError, FieldError } from '@shared/result'
import { messageFor } from '@/lib/messages'
import {
  checkSettingChanges,
  SETTING_KEYS,
  settingsSchema,
  TEXT_SETTING_KEYS,
  writeSetting,
  type SettingChanges,
  type SettingKey,
  type Settings,
  type SettingSource,
  type SettingsView,
  type SettingValue,
  type TextSettingKey,
  type ToggleSettingKey
} from '@shared/settings-schema'

/** Settings typed into a text box; the rest are check boxes and the mail transport's radio buttons. */
export const TEXT_SETTINGS = TEXT_SETTING_KEYS
export type TextSetting = TextSettingKey
export type ToggleSetting = ToggleSettingKey

/** Each setting's label on the screen, also naming it in a message about several. */
export const LABELS: Record<SettingKey, string> = {
  'passwordValidators.minimumLength.minLength': 'Minimum length',
  'passwordValidators.commonPassword.enabled': 'Reject common passwords',
  'passwordValidators.numeric.enabled': 'Reject entirely numeric passwords',
  'passwordValidators.userAttributeSimilarity.enabled': "Reject passwords similar to the user's details",
  'passwordValidators.userAttributeSimilarity.maxSimilarity': 'Maximum similarity',
  'passwordHashing.memoryCostInKiB': 'Memory (KiB)',
  'passwordHashing.timeCost': 'Iterations',
  'passwordHashing.parallelism': 'Parallelism',
  'lockout.maxFailures': 'Failed attempts before lock',
  'lockout.durationInSeconds': 'Lock duration (minutes)',
  'sessions.idleTimeoutInSeconds': 'Idle timeout (minutes)',
  'sessions.lifetimeInSeconds': 'Session lifetime (hours)',
  'sessions.idleAction': 'When idle',
  'sessions.maxLockedSessions': 'Locked sessions kept',
  'sessions.lockOnSystemLock': 'Lock when the computer locks or sleeps',
  'resetCodes.lifetimeInSeconds': 'Code lifetime (minutes)',
  'mail.transport': 'Send mail with',
  'mail.smtpUrl': 'SMTP URL',
  'mail.from': 'From address',
  'twoFactor.requiredForAdmins': 'Require two-factor authentication for administrators',
  'accounts.deactivateAfterDaysUnused': 'Deactivate accounts unused for (days)'
}

/** Seconds are stored; people think of these in minutes or hours. */
const UNITS: Partial<Record<SettingKey, { seconds: number; name: string }>> = {
  'lockout.durationInSeconds': { seconds: 60, name: 'minute' },
  'sessions.idleTimeoutInSeconds': { seconds: 60, name: 'minute' },
  'sessions.lifetimeInSeconds': { seconds: 3600, name: 'hour' },
  'resetCodes.lifetimeInSeconds': { seconds: 60, name: 'minute' }
}

const STRING_SETTINGS: readonly SettingKey[] = ['mail.smtpUrl', 'mail.from']
/** Numbers where an empty box means "never" (null). */
const OPTIONAL_NUMBERS: readonly SettingKey[] = ['accounts.deactivateAfterDaysUnused']

/** A value as the form shows it: minutes and hours rounded to two places, no SMTP URL as ''. */
export function toDisplay(key: TextSetting, value: SettingValue): string {
  if (value === null) return ''
  const unit = UNITS[key]
  if (unit && typeof value === 'number') return String(Math.round((value / unit.seconds) * 100) / 100)
  return String(value)
}

/** What the form's text means; not a number stays NaN, so the schema reports it. */
export function fromDisplay(key: TextSetting, text: string): SettingValue {
  if (STRING_SETTINGS.includes(key)) return key === 'mail.smtpUrl' && text.trim() === '' ? null : text.trim()
  if (OPTIONAL_NUMBERS.includes(key) && text.trim() === '') return null
  const number = text.trim() === '' ? Number.NaN : Number(text.trim())
  const unit = UNITS[key]
  return unit ? Math.round(number * unit.seconds) : number
}

/** The bounds in an error speak the field's unit (at least 1 minute, not 60 seconds). */
function inFieldUnits(key: string, error: FieldError): FieldError {
  const unit = UNITS[key as SettingKey]
  if (!error.params) return error
  const params = { ...error.params }
  for (const bound of ['min', 'max'] as const) {
    const value = params[bound]
    if (typeof value !== 'number') continue
    params[bound] = unit ? Math.round((value / unit.seconds) * 100) / 100 : value
    if (unit) params.unit = unit.name
  }
  return { ...error, params }
}

export function inFieldUnitsAll(error: ApiError): ApiError {
  if (!error.fields) return error
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([key, errors]) => [key, errors.map((e) => inFieldUnits(key, e))])
  )
  return { ...error, fields }
}

/** The view's values as a whole settings object, for the shared check to run on. */
function settingsFrom(view: SettingsView): Settings {
  const settings = settingsSchema.parse({})
  for (const key of SETTING_KEYS) writeSetting(settings, key, view.values[key])
  return settings
}

/** The same check main runs on save; null when the changes pass, else main's error shape. */
export function checkLocally(view: SettingsView, changes: SettingChanges): ApiError | null {
  const checked = checkSettingChanges(settingsFrom(view), changes)
  if (checked.ok) return null
  const fields = checked.fields as ApiError['fields']
  return { code: 'validation_failed', message: 'Please correct the errors below.', fields }
}

/** Read-only values say where they come from: that is where to change them. */
export const SOURCE_WORDS: Record<SettingSource, string> = {
  'settings.json': 'Set in settings.json; change it there.',
  SMTP_URL: 'Set by the SMTP_URL environment variable.',
  MAIL_FROM: 'Set by the MAIL_FROM environment variable.'
}

/** An error in one line, for a place with no field to put it beside (Measure, Send test email). */
export function describeError(error: ApiError): string {
  const fields = Object.entries(inFieldUnitsAll(error).fields ?? {})
  if (fields.length === 0) return messageFor(error)
  return fields
    .map(([key, errors]) => `${LABELS[key as SettingKey] ?? key}: ${errors.map(messageFor).join(' ')}`)
    .join(' ')
}
