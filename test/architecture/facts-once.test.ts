import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseResetCode } from '../../src/main/core/support/one-time-code'
import { errorMessage } from '../../src/shared/errors'
import { APP_NAME } from '../../src/shared/product'
import {
  DEFAULT_PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_CHARS,
  RESET_CODE_CHARS,
  USERNAME_MAX_CHARS
} from '../../src/shared/limits'
import {
  readSetting,
  SETTING_KEYS,
  settingChangesSchema,
  settingsSchema,
  TEXT_SETTING_KEYS
} from '../../src/shared/settings-schema'

const root = join(__dirname, '..', '..')

describe('the wording reads its numbers from the limits it describes', () => {
  it('says the default minimum password length, which is the settings default', () => {
    expect(settingsSchema.parse({}).passwordValidators.minimumLength.minLength).toBe(DEFAULT_PASSWORD_MIN_LENGTH)
    expect(errorMessage('password_too_short')).toContain(`at least ${DEFAULT_PASSWORD_MIN_LENGTH} characters`)
    expect(errorMessage('password_too_short', { min: 12 })).toContain('at least 12 characters')
  })

  it('says the username and password ceilings', () => {
    expect(errorMessage('username_too_long')).toContain(`at most ${USERNAME_MAX_CHARS} characters`)
    expect(errorMessage('password_too_long')).toContain(`at most ${PASSWORD_MAX_CHARS} characters`)
  })

  it('says how long a reset code is, and its example is one', () => {
    const message = errorMessage('reset_code_malformed')
    expect(message).toContain(`${RESET_CODE_CHARS} letters and digits`)
    const example = /like ([A-Z0-9-]+)\./.exec(message)?.[1] ?? ''
    expect(parseResetCode(example)).toHaveLength(RESET_CODE_CHARS)
  })

  it('restates no number in the wording table but the example SMTP port', () => {
    const source = readFileSync(join(root, 'src/shared/errors.ts'), 'utf8')
    const table = source.slice(source.indexOf('const WORDINGS'), source.indexOf('satisfies Record<ErrorCode, Wording>'))
    expect(table.length).toBeGreaterThan(1000)
    expect(table.match(/\d+/g)).toEqual(['587'])
  })
})

describe('the editable settings come from the settings schema', () => {
  const defaults = settingsSchema.parse({})

  it.each(SETTING_KEYS)('%s is a setting of the schema, and a change of the wrong type is refused', (key) => {
    const value = readSetting(defaults, key)
    expect(value === null || ['number', 'boolean', 'string'].includes(typeof value)).toBe(true)
    const refused = (wrong: unknown) => !settingChangesSchema.safeParse({ [key]: wrong }).success
    // A setting that is off (null) by default takes a number or a text, never both.
    if (value === null) expect(refused('ten') || refused(42)).toBe(true)
    else expect(refused(typeof value === 'number' ? 'ten' : typeof value === 'boolean' ? 'yes' : 42)).toBe(true)
    if (value !== null) expect(settingChangesSchema.safeParse({ [key]: value }).success).toBe(true)
  })

  it('types numbers and text in text boxes; the rest are on/off, the transport or the idle action', () => {
    expect(TEXT_SETTING_KEYS).toEqual(expect.arrayContaining(['lockout.maxFailures', 'mail.smtpUrl', 'mail.from']))
    const others = SETTING_KEYS.filter((key) => !(TEXT_SETTING_KEYS as string[]).includes(key))
    expect(others.filter((key) => typeof readSetting(defaults, key) !== 'boolean')).toEqual([
      'sessions.idleAction',
      'mail.transport'
    ])
    for (const key of TEXT_SETTING_KEYS) expect(typeof readSetting(defaults, key)).not.toBe('boolean')
  })

  it('takes the mail transports from the schema and refuses another', () => {
    expect(settingChangesSchema.safeParse({ 'mail.transport': 'smtp' }).success).toBe(true)
    expect(settingChangesSchema.safeParse({ 'mail.transport': 'carrier-pigeon' }).success).toBe(false)
    expect(settingChangesSchema.safeParse({ 'lockout.notASetting': 1 }).success).toBe(false)
  })
})

describe('the app name', () => {
  it('is the installer’s product name and the settings’ default sender', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { build: { productName: string } }
    expect(pkg.build.productName).toBe(APP_NAME)
    expect(settingsSchema.parse({}).mail.from).toBe(`${APP_NAME} <no-reply@localhost>`)
  })

  it('is written in the renderer nowhere but through APP_NAME (screens, header, Mail log, HTML titles)', () => {
    const said = filesUnder(join(root, 'src/renderer')).filter((file) => readFileSync(file, 'utf8').includes(APP_NAME))
    expect(said.map((file) => relative(root, file))).toEqual([])
  })
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]
  )
}
