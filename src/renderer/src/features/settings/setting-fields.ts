import type { AdministratorCount } from '@shared/admin-views'
import { countOf } from '@shared/plural'
import type { ApiError, FieldError } from '@shared/result'
import { fieldError as wordedFieldError } from '@shared/errors'
import { messageFor } from '@/lib/messages'
import {
  checkSettingChanges,
  isSettingKey,
  MAIL_SETTING_KEYS,
  SETTING_KEYS,
  settingBounds,
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
  'passwordHashing.memoryCostInKiB': 'Memory (MiB)',
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

/** A number stored in one unit and typed in another: seconds as minutes or hours, KiB as MiB. */
interface FieldUnit {
  /** Stored units in one of the field's. */
  per: number
  unit: string
  units: string
}

const MINUTES: FieldUnit = { per: 60, unit: 'minute', units: 'minutes' }

/** Each number's unit on the screen, named in its hint and its errors; a count has none. */
const UNITS: Partial<Record<SettingKey, FieldUnit>> = {
  'passwordHashing.memoryCostInKiB': { per: 1024, unit: 'MiB', units: 'MiB' },
  'lockout.durationInSeconds': MINUTES,
  'sessions.idleTimeoutInSeconds': MINUTES,
  'sessions.lifetimeInSeconds': { per: 3600, unit: 'hour', units: 'hours' },
  'resetCodes.lifetimeInSeconds': MINUTES,
  'accounts.deactivateAfterDaysUnused': { per: 1, unit: 'day', units: 'days' }
}

/** Numbers where a fraction makes sense; every other one is typed whole, in its field's unit. */
const FRACTIONS: readonly SettingKey[] = ['passwordValidators.userAttributeSimilarity.maxSimilarity']

const STRING_SETTINGS: readonly SettingKey[] = ['mail.smtpUrl', 'mail.from']
/** Numbers where an empty box means "never" (null). */
const OPTIONAL_NUMBERS: readonly SettingKey[] = ['accounts.deactivateAfterDaysUnused']

const toHundredths = (value: number): number => Math.round(value * 100) / 100

/** A number as people type it: `1.5`, `1,5` (a decimal comma) or `15`; anything else is NaN. */
export function parseDecimal(text: string): number {
  const trimmed = text.trim()
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(trimmed)) return Number.NaN
  return Number(trimmed.replace(',', '.'))
}

/** A value as the form shows it: in the field's unit (to two places), no SMTP URL as ''. */
export function toDisplay(key: TextSetting, value: SettingValue): string {
  if (value === null) return ''
  const unit = UNITS[key]
  if (unit && typeof value === 'number') return String(toHundredths(value / unit.per))
  return String(value)
}

/** What the form's text means, in the stored unit; not a number stays NaN, so the checks report it. */
export function fromDisplay(key: TextSetting, text: string): SettingValue {
  if (STRING_SETTINGS.includes(key)) return key === 'mail.smtpUrl' && text.trim() === '' ? null : text.trim()
  if (OPTIONAL_NUMBERS.includes(key) && text.trim() === '') return null
  const number = parseDecimal(text)
  const unit = UNITS[key]
  return unit ? Math.round(number * unit.per) : number
}

/**
 * The schema's range in the field's unit. Whole fields round inward, so the screen never asks for
 * "at least 0.02 hours": a session lifetime of at least 60 seconds is at least 1 hour here.
 */
function fieldBounds(key: TextSetting): { min: number; max: number } | null {
  const bounds = settingBounds(key)
  if (!bounds) return null
  const per = UNITS[key]?.per ?? 1
  if (FRACTIONS.includes(key)) return { min: toHundredths(bounds.min / per), max: toHundredths(bounds.max / per) }
  return { min: Math.ceil(bounds.min / per), max: Math.floor(bounds.max / per) }
}

/** The range as a hint under the field: `1–1440 minutes`. */
export function boundsHint(key: TextSetting): string | undefined {
  const bounds = fieldBounds(key)
  if (!bounds) return undefined
  const unit = UNITS[key]
  return `${bounds.min}–${bounds.max}${unit ? ` ${unit.units}` : ''}`
}

const unitParams = (key: SettingKey): Record<string, string> => {
  const unit = UNITS[key]
  return unit ? { unit: unit.unit, units: unit.units } : {}
}

/** A number as typed, checked in the field's own unit: a number, whole where it must be, within the bounds. */
export function checkTyped(key: TextSetting, text: string): FieldError | null {
  const bounds = fieldBounds(key)
  if (!bounds || (OPTIONAL_NUMBERS.includes(key) && text.trim() === '')) return null
  const number = parseDecimal(text)
  if (Number.isNaN(number)) return wordedFieldError('setting_wrong_type')
  if (!FRACTIONS.includes(key) && !Number.isInteger(number))
    return wordedFieldError('setting_not_whole', unitParams(key))
  if (number < bounds.min) return wordedFieldError('setting_too_small', { min: bounds.min, ...unitParams(key) })
  if (number > bounds.max) return wordedFieldError('setting_too_big', { max: bounds.max, ...unitParams(key) })
  return null
}

/** Main's bounds (in the stored unit) in the field's unit, rounded as the field's own bounds are. */
function inFieldUnits(key: string, error: FieldError): FieldError {
  if (!error.params || !isSettingKey(key)) return error
  const unit = UNITS[key]
  const whole = !FRACTIONS.includes(key)
  const params = { ...error.params }
  const convert = { min: whole ? Math.ceil : toHundredths, max: whole ? Math.floor : toHundredths }
  for (const bound of ['min', 'max'] as const) {
    const value = params[bound]
    if (typeof value !== 'number') continue
    params[bound] = convert[bound](value / (unit?.per ?? 1))
    Object.assign(params, unitParams(key))
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

/**
 * A section's changes checked as main checks them, each typed number first in its own unit (whole
 * minutes, within `1–1440 minutes`); null when they pass, else the errors in the fields' units.
 */
export function checkDraft(
  view: SettingsView,
  typed: Partial<Record<TextSetting, string>>,
  changes: SettingChanges
): ApiError | null {
  const fields: Record<string, FieldError[]> = {}
  for (const key of TEXT_SETTINGS) {
    const text = typed[key]
    const error = text === undefined ? null : checkTyped(key, text)
    if (error) fields[key] = [error]
  }
  const schema = checkLocally(view, changes)
  for (const [key, errors] of Object.entries(schema ? (inFieldUnitsAll(schema).fields ?? {}) : {})) {
    fields[key] ??= errors
  }
  if (Object.keys(fields).length === 0) return null
  return { code: 'validation_failed', message: 'Please correct the errors below.', fields }
}

/** The screen's sections, each saved on its own with the settings it shows. */
export const SECTIONS = {
  passwords: {
    title: 'Passwords',
    keys: [
      'passwordValidators.minimumLength.minLength',
      'passwordValidators.commonPassword.enabled',
      'passwordValidators.numeric.enabled',
      'passwordValidators.userAttributeSimilarity.enabled',
      'passwordValidators.userAttributeSimilarity.maxSimilarity'
    ]
  },
  hashing: {
    title: 'Password hashing',
    keys: ['passwordHashing.memoryCostInKiB', 'passwordHashing.timeCost', 'passwordHashing.parallelism']
  },
  lockout: { title: 'Lockout', keys: ['lockout.maxFailures', 'lockout.durationInSeconds'] },
  sessions: {
    title: 'Sessions',
    keys: [
      'sessions.idleTimeoutInSeconds',
      'sessions.lifetimeInSeconds',
      'sessions.idleAction',
      'sessions.maxLockedSessions',
      'sessions.lockOnSystemLock'
    ]
  },
  resetCodes: { title: 'Reset codes', keys: ['resetCodes.lifetimeInSeconds'] },
  mail: { title: 'Mail', keys: MAIL_SETTING_KEYS },
  twoFactor: { title: 'Two-factor', keys: ['twoFactor.requiredForAdmins'] },
  unused: { title: 'Unused accounts', keys: ['accounts.deactivateAfterDaysUnused'] }
} as const satisfies Record<string, { title: string; keys: readonly SettingKey[] }>

export type SectionId = keyof typeof SECTIONS

/** Every setting as the screen holds it: text boxes as typed, check boxes and choices as chosen. */
export type Draft = Record<SettingKey, string | boolean>

export const isText = (key: SettingKey): key is TextSetting => (TEXT_SETTINGS as readonly string[]).includes(key)

/**
 * What differs from the values in effect among `keys`. A box whose text is as shown is unchanged
 * (a masked SMTP URL, memory shown rounded to MiB), and so is one typed to the same value (`15.0`).
 */
export function changesIn(view: SettingsView, draft: Draft, keys: readonly SettingKey[]): SettingChanges {
  const changes: Record<string, SettingValue> = {}
  for (const key of keys) {
    if (view.fixed[key]) continue
    const held = draft[key]
    const current = view.values[key]
    if (isText(key) && held === toDisplay(key, current)) continue
    const value = isText(key) ? fromDisplay(key, String(held)) : held
    if (!Object.is(value, current)) changes[key] = value
  }
  return changes
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

const MUST_SET_UP = 'they must set it up before they can do anything else'

/** "This affects 3 administrators, 2 of them without two-factor authentication: …" */
export function reachWords({ administrators, withoutTwoFactor }: AdministratorCount): string {
  const affected = `This affects ${countOf(administrators, 'administrator', 'administrators')}`
  if (withoutTwoFactor === 0) {
    return administrators === 1
      ? `${affected}, who already uses two-factor authentication.`
      : `${affected}, all of them already using two-factor authentication.`
  }
  if (administrators === 1) return `${affected}, without two-factor authentication: ${MUST_SET_UP}.`
  return `${affected}, ${withoutTwoFactor} of them without two-factor authentication: ${MUST_SET_UP}.`
}
