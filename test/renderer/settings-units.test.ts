import { describe, expect, it } from 'vitest'
import { makeSettings } from '../../src/main/core/settings/load-settings'
import {
  boundsHint,
  changesIn,
  checkDraft,
  checkTyped,
  fromDisplay,
  parseDecimal,
  reachWords,
  SECTIONS,
  toDisplay,
  type Draft
} from '../../src/renderer/src/features/settings/setting-fields'
import { messageFor } from '../../src/renderer/src/lib/messages'
import { readSetting, SETTING_KEYS, type SettingKey, type SettingsView } from '../../src/shared/settings-schema'

function defaultView(): SettingsView {
  const defaults = makeSettings({})
  const values = Object.fromEntries(SETTING_KEYS.map((key) => [key, readSetting(defaults, key)]))
  return { values: values as SettingsView['values'], fixed: {}, directory: null }
}

/** The screen as it opens: every box showing the value in effect. */
function draftOf(view: SettingsView): Draft {
  return Object.fromEntries(
    SETTING_KEYS.map((key) => {
      const value = view.values[key]
      return [key, typeof value === 'boolean' ? value : value === null ? '' : String(toDisplay(key as never, value))]
    })
  ) as Draft
}

const typedError = (key: Parameters<typeof checkTyped>[0], text: string): string | null => {
  const error = checkTyped(key, text)
  return error && messageFor(error)
}

describe('numbers as people type them', () => {
  it('takes a decimal comma as a decimal point, and nothing that is not a plain number', () => {
    expect(parseDecimal('1,5')).toBe(1.5)
    expect(parseDecimal(' 0.7 ')).toBe(0.7)
    expect(parseDecimal(',5')).toBe(0.5)
    expect(parseDecimal('15')).toBe(15)
    for (const text of ['', 'ten', '1e3', '1,2,3', '0x10', '1.5.2', '15 min']) expect(parseDecimal(text)).toBeNaN()
    expect(fromDisplay('passwordValidators.userAttributeSimilarity.maxSimilarity', '0,5')).toBe(0.5)
  })

  it('shows memory in MiB and stores KiB; durations in minutes or hours, stored in seconds', () => {
    expect(toDisplay('passwordHashing.memoryCostInKiB', 19456)).toBe('19')
    expect(fromDisplay('passwordHashing.memoryCostInKiB', '64')).toBe(64 * 1024)
    expect(toDisplay('resetCodes.lifetimeInSeconds', 3600)).toBe('60')
    expect(fromDisplay('sessions.lifetimeInSeconds', '12')).toBe(12 * 3600)
    expect(fromDisplay('accounts.deactivateAfterDaysUnused', ' ')).toBeNull()
  })
})

describe('bounds in the field’s own unit', () => {
  it('hints each number’s range from the settings schema, rounded to whole units', () => {
    expect(boundsHint('lockout.durationInSeconds')).toBe('1–1440 minutes')
    expect(boundsHint('sessions.idleTimeoutInSeconds')).toBe('1–1440 minutes')
    expect(boundsHint('sessions.lifetimeInSeconds')).toBe('1–720 hours')
    expect(boundsHint('resetCodes.lifetimeInSeconds')).toBe('1–1440 minutes')
    expect(boundsHint('passwordHashing.memoryCostInKiB')).toBe('1–1024 MiB')
    expect(boundsHint('passwordValidators.userAttributeSimilarity.maxSimilarity')).toBe('0.1–1')
    expect(boundsHint('lockout.maxFailures')).toBe('1–100')
    expect(boundsHint('mail.from')).toBeUndefined()
  })

  it('refuses a fraction of a minute or an hour, and never words a bound as a fraction', () => {
    expect(typedError('sessions.idleTimeoutInSeconds', '0.5')).toBe('Enter a whole number of minutes.')
    expect(typedError('sessions.lifetimeInSeconds', '1,5')).toBe('Enter a whole number of hours.')
    expect(typedError('sessions.lifetimeInSeconds', '0')).toBe('Must be at least 1 hour.')
    expect(typedError('lockout.durationInSeconds', '0')).toBe('Must be at least 1 minute.')
    expect(typedError('passwordHashing.memoryCostInKiB', '2048')).toBe('Must be at most 1024 MiB.')
    expect(typedError('passwordHashing.memoryCostInKiB', '18,5')).toBe('Enter a whole number of MiB.')
    expect(typedError('lockout.maxFailures', 'five')).toBe('Enter a number.')
    expect(typedError('passwordValidators.userAttributeSimilarity.maxSimilarity', '0,05')).toBe('Must be at least 0.1.')
    expect(typedError('passwordValidators.userAttributeSimilarity.maxSimilarity', '0,5')).toBeNull()
    expect(typedError('accounts.deactivateAfterDaysUnused', '')).toBeNull()
  })

  it('refuses a reset code lifetime of 69 days (99,360 minutes) beside its field', () => {
    const view = defaultView()
    const typed = { 'resetCodes.lifetimeInSeconds': '99360' }
    const error = checkDraft(view, typed, { 'resetCodes.lifetimeInSeconds': 99360 * 60 })
    expect(error?.fields?.['resetCodes.lifetimeInSeconds'].map(messageFor)).toEqual(['Must be at most 1440 minutes.'])
  })

  it('refuses a From address that is no address, and takes one with a name', () => {
    const view = defaultView()
    const from = (text: string) =>
      checkDraft(view, { 'mail.from': text }, { 'mail.from': text })?.fields?.['mail.from'].map(messageFor) ?? null
    expect(from('front desk')).toEqual([
      'Enter an email address, like desk@example.org or Front desk <desk@example.org>.'
    ])
    expect(from('Front desk <desk@example>')).toBeNull()
    expect(from('desk@example.org')).toBeNull()
    expect(from('Desk <desk@example.org')).not.toBeNull()
  })
})

describe('what a section’s Save sends', () => {
  it('every editable setting is in exactly one section', () => {
    const keys: SettingKey[] = Object.values(SECTIONS).flatMap((section) => [...section.keys])
    expect([...keys].sort()).toEqual([...SETTING_KEYS].sort())
  })

  it('only what differs from the values in effect: the same value typed otherwise is no change', () => {
    const view = defaultView()
    const draft = draftOf(view)
    expect(changesIn(view, draft, SETTING_KEYS)).toEqual({})
    const typed: Draft = {
      ...draft,
      'sessions.idleTimeoutInSeconds': '15,0',
      'lockout.durationInSeconds': '30',
      'passwordValidators.userAttributeSimilarity.maxSimilarity': '0,5'
    }
    expect(changesIn(view, typed, SECTIONS.sessions.keys)).toEqual({})
    expect(changesIn(view, typed, SECTIONS.lockout.keys)).toEqual({ 'lockout.durationInSeconds': 1800 })
    expect(changesIn(view, typed, SECTIONS.passwords.keys)).toEqual({
      'passwordValidators.userAttributeSimilarity.maxSimilarity': 0.5
    })
  })

  it('leaves a value fixed by settings.json or the environment out, whatever the box holds', () => {
    const view = { ...defaultView(), fixed: { 'mail.from': 'MAIL_FROM' as const } }
    const draft = { ...draftOf(view), 'mail.from': 'elsewhere@example.org' }
    expect(changesIn(view, draft, SECTIONS.mail.keys)).toEqual({})
  })
})

describe('the reach of requiring two-factor authentication for administrators', () => {
  it('counts with plural rules', () => {
    expect(reachWords({ administrators: 3, withoutTwoFactor: 2 })).toBe(
      'This affects 3 administrators, 2 of them without two-factor authentication: they must set it up before they can do anything else.'
    )
    expect(reachWords({ administrators: 1, withoutTwoFactor: 0 })).toBe(
      'This affects 1 administrator, who already uses two-factor authentication.'
    )
    expect(reachWords({ administrators: 1, withoutTwoFactor: 1 })).toMatch(/^This affects 1 administrator, without/)
  })
})
