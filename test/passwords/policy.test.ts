import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMON_PASSWORDS_FILE, loadCommonPasswords } from '../../src/main/core/passwords/common-passwords'
import { makeSettings, type SettingsInput } from '../../src/main/core/settings/load-settings'
import { PASSWORD_MAX_CHARS, PasswordPolicy } from '../../src/main/core/passwords/policy'
import { RESOURCES_DIR } from '../helpers/core'

const commonPasswords = loadCommonPasswords(RESOURCES_DIR)

type ValidatorSettingsInput = NonNullable<NonNullable<SettingsInput>['passwordValidators']>

function policy(validators: ValidatorSettingsInput = {}): PasswordPolicy {
  return new PasswordPolicy(makeSettings({ passwordValidators: validators }).passwordValidators, commonPasswords)
}

const codes = (p: PasswordPolicy, password: string, context = {}): string[] =>
  p.errors(password, context).map((error) => error.code)

describe('the common-password list', () => {
  it('ships in resources/ with at least 20,000 entries and its licence', () => {
    expect(commonPasswords.size).toBeGreaterThanOrEqual(20_000)
    const licence = readFileSync(join(RESOURCES_DIR, 'COMMON-PASSWORDS-LICENSE'), 'utf8')
    expect(licence).toMatch(/Permission is hereby granted, free of charge/)
    expect(existsSync(join(RESOURCES_DIR, COMMON_PASSWORDS_FILE))).toBe(true)
  })

  it('contains the classics', () => {
    for (const password of ['password1', 'qwertyuiop', '123456', 'letmein']) {
      expect(commonPasswords.has(password), password).toBe(true)
    }
  })
})

describe('password validators (all on by default)', () => {
  const defaults = policy()

  it('accepts a strong password', () => {
    expect(defaults.errors('violet-Anchor-92-quietly', { username: 'alice', email: 'alice@example.com' })).toEqual([])
  })

  it('minimum length: 8 characters by default, with the minimum as a parameter', () => {
    expect(defaults.errors('Vx7#kq2')).toEqual([
      expect.objectContaining({ code: 'password_too_short', params: { min: 8 } })
    ])
    expect(codes(defaults, 'Vx7#kq2m')).toEqual([])
  })

  it('minimum length counts characters, not UTF-16 units', () => {
    expect(codes(defaults, '🦊🦊🦊🦊🦊🦊🦊')).toEqual(['password_too_short'])
  })

  it('minimum length is configurable', () => {
    const strict = policy({ minimumLength: { minLength: 12 } })
    expect(codes(strict, 'Vx7#kq2mZ!a')).toEqual(['password_too_short'])
    expect(strict.errors('Vx7#kq2mZ!a')[0].params).toEqual({ min: 12 })
    expect(codes(strict, 'Vx7#kq2mZ!ab')).toEqual([])
  })

  it('rejects a password too similar to the username or to the email address', () => {
    expect(defaults.errors('margaret1955', { username: 'margaret', email: 'mt@example.com' })).toEqual([
      expect.objectContaining({ code: 'password_too_similar', params: { attribute: 'username' } })
    ])
    expect(defaults.errors('Thatcher1955', { username: 'mt', email: 'm.thatcher@example.com' })).toEqual([
      expect.objectContaining({ code: 'password_too_similar', params: { attribute: 'email address' } })
    ])
  })

  it('rejects a common password, whatever its case', () => {
    expect(codes(defaults, 'password1')).toEqual(['password_too_common'])
    expect(codes(defaults, 'qwertyuiop')).toEqual(['password_too_common'])
    expect(codes(defaults, 'QwertyUIOP')).toEqual(['password_too_common'])
  })

  it('rejects an entirely numeric password, in any script', () => {
    expect(codes(defaults, '80417265390')).toEqual(['password_entirely_numeric'])
    expect(codes(defaults, '٨٠٤١٧٢٦٥٣٩')).toEqual(['password_entirely_numeric'])
  })

  it('reports every failure together', () => {
    expect(codes(defaults, '1234567')).toEqual([
      'password_too_short',
      'password_too_common',
      'password_entirely_numeric'
    ])
  })

  it('requires a password', () => {
    expect(codes(defaults, '')).toEqual(['password_required'])
  })

  it(`accepts ${PASSWORD_MAX_CHARS} characters and refuses one more with password_too_long alone`, () => {
    expect(PASSWORD_MAX_CHARS).toBe(1024)
    const longest = 'Kq7!'.repeat(256)
    expect(codes(defaults, longest, { username: 'alice', email: 'alice@example.com' })).toEqual([])
    expect(defaults.errors(`${longest}x`, { username: 'alice' })).toEqual([
      expect.objectContaining({ code: 'password_too_long', params: { max: 1024, length: 1025 } })
    ])
  })

  it('keeps the length ceiling even when every validator is switched off', () => {
    const none = policy({
      minimumLength: { enabled: false },
      userAttributeSimilarity: { enabled: false },
      commonPassword: { enabled: false },
      numeric: { enabled: false }
    })
    expect(codes(none, '1')).toEqual([])
    expect(codes(none, 'a'.repeat(1025))).toEqual(['password_too_long'])
    expect(none.rules().map((rule) => rule.code)).toEqual(['password_too_long'])
  })
})

describe('each validator is switchable', () => {
  const cases: { name: Extract<keyof ValidatorSettingsInput, string>; password: string; code: string }[] = [
    { name: 'minimumLength', password: 'Vx7#kq2', code: 'password_too_short' },
    { name: 'userAttributeSimilarity', password: 'margaret1955', code: 'password_too_similar' },
    { name: 'commonPassword', password: 'qwertyuiop', code: 'password_too_common' },
    { name: 'numeric', password: '80417265390', code: 'password_entirely_numeric' }
  ]
  for (const { name, password, code } of cases) {
    it(`${name}: off lets "${password}" through and drops its help text`, () => {
      const context = { username: 'margaret', email: 'mt@example.com' }
      expect(codes(policy(), password, context)).toContain(code)
      const off = policy({ [name]: { enabled: false } })
      expect(codes(off, password, context)).not.toContain(code)
      expect(off.rules().map((rule) => rule.code)).not.toContain(code)
      expect(
        policy()
          .rules()
          .map((rule) => rule.code)
      ).toContain(code)
    })
  }
})

describe('help texts for the UI', () => {
  it('describe every enabled rule, with the configured minimum', () => {
    const rules = policy({ minimumLength: { minLength: 10 } }).rules()
    expect(rules.map((rule) => rule.code)).toEqual([
      'password_too_short',
      'password_too_similar',
      'password_too_common',
      'password_entirely_numeric',
      'password_too_long'
    ])
    for (const rule of rules) expect(rule.helpText.length, rule.code).toBeGreaterThan(10)
    expect(rules[0].helpText).toContain('10 characters')
  })
})

describe('settings', () => {
  it('refuse an invalid value with a readable error', () => {
    expect(() => makeSettings({ passwordValidators: { minimumLength: { minLength: 0 } } })).toThrow(
      /passwordValidators\.minimumLength\.minLength/
    )
    expect(() => makeSettings({ passwordValidators: { numeric: { enabld: false } } })).toThrow(/Invalid settings/)
  })

  it('default to argon2id m=19456 KiB, t=2, p=1 and every validator on', () => {
    const settings = makeSettings()
    expect(settings.passwordHashing).toEqual({ memoryCostInKiB: 19456, timeCost: 2, parallelism: 1 })
    expect(Object.values(settings.passwordValidators).every((v) => v.enabled)).toBe(true)
    expect(settings.passwordValidators.minimumLength.minLength).toBe(8)
  })
})
