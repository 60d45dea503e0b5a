import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeSettings, readSettings, SETTINGS_FILE_NAME } from '../../src/main/core/settings/load-settings'
import {
  checkLocally,
  describeError,
  fromDisplay,
  inFieldUnitsAll,
  toDisplay
} from '../../src/renderer/src/features/settings/setting-fields'
import { messageFor } from '../../src/renderer/src/lib/messages'
import type { ApiError } from '../../src/shared/result'
import { maskSmtpUrl, readSetting, SETTING_KEYS, type SettingsView } from '../../src/shared/settings-schema'

describe('which settings settings.json fixes', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('only the values written in the file, not their neighbours filled in by defaults', () => {
    dir = mkdtempSync(join(tmpdir(), 'local-accounts-fixed-'))
    writeFileSync(
      join(dir, SETTINGS_FILE_NAME),
      JSON.stringify({
        passwordValidators: { minimumLength: { enabled: false }, numeric: { enabled: false } },
        mail: { smtpUrl: null },
        audit: { retentionInDays: 30 }
      })
    )
    expect(readSettings(dir, {}).fixed).toEqual({
      'passwordValidators.numeric.enabled': 'settings.json',
      'mail.smtpUrl': 'settings.json'
    })
  })
})

describe('the SMTP URL as an administrator sees it', () => {
  it('keeps the host and user but never the password', () => {
    expect(maskSmtpUrl('smtp://desk:p%40ss-99@mail.example.org:587')).toBe('smtp://desk:****@mail.example.org:587')
    expect(maskSmtpUrl('smtps://mail.example.org')).toBe('smtps://mail.example.org')
    expect(maskSmtpUrl(null)).toBeNull()
  })
})

describe('the Settings form’s units', () => {
  it('shows seconds as minutes or hours and reads them back as whole seconds', () => {
    expect(toDisplay('sessions.idleTimeoutInSeconds', 900)).toBe('15')
    expect(toDisplay('sessions.lifetimeInSeconds', 43200)).toBe('12')
    expect(toDisplay('lockout.durationInSeconds', 90)).toBe('1.5')
    expect(fromDisplay('sessions.idleTimeoutInSeconds', ' 0.5 ')).toBe(30)
    expect(fromDisplay('sessions.lifetimeInSeconds', '2')).toBe(7200)
    expect(fromDisplay('passwordValidators.minimumLength.minLength', '')).toBeNaN()
    expect(fromDisplay('mail.smtpUrl', '  ')).toBeNull()
  })

  it('words a bound in the field’s unit, as main’s error and the local check both give it', () => {
    const fromMain: ApiError = {
      code: 'validation_failed',
      message: 'Please correct the errors below.',
      fields: { 'sessions.idleTimeoutInSeconds': [{ code: 'setting_too_small', message: '', params: { min: 60 } }] }
    }
    const shown = inFieldUnitsAll(fromMain).fields?.['sessions.idleTimeoutInSeconds'][0]
    expect(shown && messageFor(shown)).toBe('Must be at least 1 minute.')

    const defaults = makeSettings({})
    const view: SettingsView = {
      values: Object.fromEntries(
        SETTING_KEYS.map((key) => [key, readSetting(defaults, key)])
      ) as SettingsView['values'],
      fixed: {},
      directory: null
    }
    const local = checkLocally(view, { 'sessions.idleTimeoutInSeconds': 30, 'lockout.maxFailures': Number.NaN })
    expect(local && describeError(local)).toBe(
      'Idle timeout (minutes): Must be at least 1 minute. Failed attempts before lock: Enter a number.'
    )
    expect(checkLocally(view, { 'sessions.idleTimeoutInSeconds': 60 })).toBeNull()
  })
})
