import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAppCore, type AppCore } from '../../src/main/app'
import { SETTINGS_FILE_NAME } from '../../src/main/core/settings/load-settings'
import type { SettingChanges } from '../../src/shared/settings-schema'
import { call, dataOf, errorOf, everyTable, fieldCodes } from '../helpers/accounts'
import {
  appWindow,
  CHEAP_HASHING,
  openTestCore,
  RESOURCES_DIR,
  signUpInput,
  confirmItsYou,
  withFirstAdmin,
  withUser,
  type TestCore
} from '../helpers/core'
import { auditOf, latestCode, logIn, mailLog, requestReset } from '../helpers/reset'
import { closedPort, startLoopbackSmtp } from '../helpers/smtp'

const ADMIN = appWindow('admin-window')
const MIN_LENGTH = 'passwordValidators.minimumLength.minLength'
const IDLE = 'sessions.idleTimeoutInSeconds'
/** 11 characters, not common, not numeric, unlike any username here. */
const ELEVEN_CHARS = 'Qv7-mist-Ox'

const cores: Array<{ close(): void }> = []
const folders: string[] = []
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await (core as Partial<TestCore>).services?.mailer.settled()
    core.close()
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

function newFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'local-accounts-settings-'))
  folders.push(folder)
  return folder
}

/** A core with the first administrator signed in at ADMIN. */
async function adminCore(dataDir = newFolder()): Promise<TestCore> {
  const core = openTestCore(dataDir)
  cores.push(core)
  if (core.services.accounts.isFirstRun()) await withFirstAdmin(core)
  return core
}

const save = (core: AppCore, changes: SettingChanges, window = ADMIN) =>
  call(core, window, 'adminSaveSettings', { changes })

const settingsOf = async (core: AppCore) => dataOf(await call(core, ADMIN, 'adminGetSettings', {}))

const signUp = (core: AppCore, name: string, password: string) =>
  call(core, appWindow(`${name}-window`), 'signUp', signUpInput(name, password))

describe('settings saved on the Settings screen', () => {
  it('apply to the very next sign-up, and survive a restart', async () => {
    const dataDir = newFolder()
    const core = await adminCore(dataDir)
    expect(dataOf(await signUp(core, 'early', ELEVEN_CHARS)).user?.username).toBe('early')

    const view = dataOf(await save(core, { [MIN_LENGTH]: 12 }))
    expect(view.values[MIN_LENGTH]).toBe(12)
    const refused = await signUp(core, 'late', ELEVEN_CHARS)
    expect(fieldCodes(refused)).toEqual({ password: ['password_too_short'] })
    expect(errorOf(refused).fields?.password[0].params).toEqual({ min: 12 })
    expect(dataOf(await call(core, appWindow('guest'), 'getPasswordRules', {}))[0].helpText).toContain('12 characters')

    // Stored in the database: a fresh process on the folder starts with 12, not the default 8.
    core.close()
    cores.splice(cores.indexOf(core), 1)
    const again = await adminCore(dataDir)
    const stillRefused = await call(again, appWindow('w2'), 'signUp', signUpInput('later', ELEVEN_CHARS))
    expect(fieldCodes(stillRefused)).toEqual({ password: ['password_too_short'] })
  })

  it('reach another app on the same data folder (its own connection, as a second process has) at its next call', async () => {
    const dataDir = newFolder()
    const first = await adminCore(dataDir)
    const second = await adminCore(dataDir)
    expect(dataOf(await signUp(second, 'early', ELEVEN_CHARS)).user?.username).toBe('early')
    dataOf(await save(first, { [MIN_LENGTH]: 12 }))
    expect(fieldCodes(await signUp(second, 'late', ELEVEN_CHARS))).toEqual({ password: ['password_too_short'] })
  })

  it('reach every service at once: idle timeout, lockout, hashing, reset-code lifetime', async () => {
    const core = await adminCore()
    const alice = await withUser(core, 'alice')
    dataOf(
      await save(core, {
        [IDLE]: 5 * 60,
        'lockout.maxFailures': 2,
        'passwordHashing.memoryCostInKiB': 2048,
        'resetCodes.lifetimeInSeconds': 2 * 60
      })
    )

    // Alice's existing session locks after 5 idle minutes now, not the default 15.
    core.clock.advanceSeconds(5 * 60 + 1)
    expect(dataOf(await call(core, appWindow(alice.window), 'getSession', {}))).toMatchObject({
      user: null,
      locked: { username: 'alice' }
    })

    // Two wrong passwords lock the name (default: five).
    for (let attempt = 0; attempt < 2; attempt++) await logIn(core, 'bob-never', 'Wrong-password-1')
    expect(errorOf(await logIn(core, 'bob-never', 'Wrong-password-1')).code).toBe('locked_out')

    // A new password is hashed with the new memory cost.
    await withUser(core, 'carol')
    const hash = core.services.users.byUsernameKey('carol')?.passwordHash
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=2048,/)

    // A reset code mailed now dies after 2 minutes.
    dataOf(await requestReset(core, alice.email))
    const code = await latestCode(core, alice.email)
    core.clock.advanceSeconds(2 * 60 + 1)
    const late = await call(core, appWindow('reset-window'), 'confirmPasswordReset', {
      code,
      newPassword: 'copper-Lantern-47-gently',
      newPasswordConfirmation: 'copper-Lantern-47-gently'
    })
    expect(errorOf(late).code).toBe('reset_code_expired')
  })

  it('a shortened session lifetime ends sessions already running, however active', async () => {
    const core = await adminCore()
    const bob = await withUser(core, 'bob')
    dataOf(await save(core, { 'sessions.lifetimeInSeconds': 60 * 60 }))
    for (let minutes = 4; minutes < 60; minutes += 4) {
      core.clock.advanceSeconds(4 * 60)
      dataOf(await call(core, appWindow(bob.window), 'reportActivity', {}))
    }
    core.clock.advanceSeconds(4 * 60)
    expect(dataOf(await call(core, appWindow(bob.window), 'getSession', {}))).toMatchObject({
      user: null,
      endedBecause: 'expired'
    })
  })

  it('switch mail to SMTP for the very next message', async () => {
    const smtp = await startLoopbackSmtp(cleanups)
    const core = await adminCore()
    const alice = await withUser(core, 'alice')
    dataOf(await save(core, { 'mail.transport': 'smtp', 'mail.smtpUrl': `smtp://127.0.0.1:${smtp.port}` }))
    const before = (await mailLog(core)).length
    dataOf(await requestReset(core, alice.email))
    await core.services.mailer.settled()
    expect(smtp.received.map((message) => message.to)).toEqual([[alice.email]])
    expect(await mailLog(core)).toHaveLength(before)
  })

  it('are audited as one settings_change event listing old → new per key, never the SMTP password', async () => {
    const core = await adminCore()
    dataOf(
      await save(core, {
        [MIN_LENGTH]: 12,
        [IDLE]: 600,
        'mail.transport': 'smtp',
        'mail.smtpUrl': 'smtp://mailer:Sekrit-pass-99@127.0.0.1:2525'
      })
    )
    const events = auditOf(core, 'settings_change')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actorUsername: 'admin', outcome: 'success' })
    expect(events[0].detail?.split('; ')).toEqual([
      'passwordValidators.minimumLength.minLength: 8 → 12',
      'sessions.idleTimeoutInSeconds: 900 → 600',
      'mail.transport: "development" → "smtp"',
      'mail.smtpUrl: changed (not recorded)'
    ])

    // The admin sees where mail goes, not the password; only the settings table holds it.
    const view = await settingsOf(core)
    expect(view.values['mail.smtpUrl']).toBe('smtp://mailer:****@127.0.0.1:2525')
    const { settings: stored, ...rest } = everyTable(core)
    expect(JSON.stringify(rest)).not.toContain('Sekrit-pass-99')
    expect(JSON.stringify(stored)).toContain('Sekrit-pass-99')

    // Saving again without changing anything records nothing.
    dataOf(await save(core, { [MIN_LENGTH]: 12, [IDLE]: 600 }))
    expect(auditOf(core, 'settings_change')).toHaveLength(1)

    // Requiring two-factor applies at once, to the administrator who saved it too: until they set
    // it up, the router sends them there.
    dataOf(await save(core, { 'twoFactor.requiredForAdmins': true }))
    expect(auditOf(core, 'settings_change')[0].detail).toBe('twoFactor.requiredForAdmins: false → true')
    expect(core.services.settings.twoFactor.requiredForAdmins).toBe(true)
    const blocked = await call(core, ADMIN, 'adminGetSettings', {})
    expect(blocked).toMatchObject({ ok: false, error: { code: 'two_factor_setup_required' } })
  })
})

describe('stored values that no longer pass', () => {
  it('are ignored at start-up, each on its own, with a warning naming the key but not the value', async () => {
    const dataDir = newFolder()
    const first = await adminCore(dataDir)
    dataOf(await save(first, { [IDLE]: 600 }))
    const put = first.services.db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)')
    put.run(MIN_LENGTH, '0')
    put.run('mail.transport', '"smtp"')
    first.close()
    cores.splice(cores.indexOf(first), 1)

    const warnings: string[] = []
    const spy = vi.spyOn(console, 'warn').mockImplementation((message: string) => void warnings.push(message))
    try {
      const core = await adminCore(dataDir)
      expect(core.services.settings.passwordValidators.minimumLength.minLength).toBe(8)
      expect(core.services.settings.mail.transport).toBe('development')
      expect(core.services.settings.sessions.idleTimeoutInSeconds).toBe(600)
    } finally {
      spy.mockRestore()
    }
    expect(warnings.some((line) => line.includes(MIN_LENGTH))).toBe(true)
    expect(warnings.some((line) => line.includes('mail.smtpUrl') || line.includes('mail.transport'))).toBe(true)
  })
})

describe('settings.json and the environment', () => {
  it('win over stored values, are reported read-only with their source, and cannot be saved over', async () => {
    const dataDir = newFolder()
    const first = await adminCore(dataDir)
    dataOf(await save(first, { [MIN_LENGTH]: 12, [IDLE]: 600, 'mail.from': 'Stored <stored@example.org>' }))
    first.close()
    cores.splice(cores.indexOf(first), 1)

    writeFileSync(
      join(dataDir, SETTINGS_FILE_NAME),
      JSON.stringify({ passwordHashing: CHEAP_HASHING, passwordValidators: { minimumLength: { minLength: 10 } } })
    )
    const core = createAppCore({
      dataDir,
      resourcesDir: RESOURCES_DIR,
      env: { SMTP_URL: 'smtp://desk:Env-secret-42@127.0.0.1:2525', MAIL_FROM: 'Desk <desk@example.org>' },
      printMail: () => undefined
    })
    cores.push(core)
    dataOf(await call(core, ADMIN, 'logIn', { identifier: 'admin', password: signUpInput('admin').password }))
    await confirmItsYou(core, ADMIN)

    const view = await settingsOf(core)
    expect(view.values).toMatchObject({
      [MIN_LENGTH]: 10,
      [IDLE]: 600, // stored, not fixed: still applies
      'mail.transport': 'smtp',
      'mail.smtpUrl': 'smtp://desk:****@127.0.0.1:2525',
      'mail.from': 'Desk <desk@example.org>'
    })
    expect(view.fixed).toEqual({
      [MIN_LENGTH]: 'settings.json',
      'passwordHashing.memoryCostInKiB': 'settings.json',
      'passwordHashing.timeCost': 'settings.json',
      'passwordHashing.parallelism': 'settings.json',
      'mail.transport': 'SMTP_URL',
      'mail.smtpUrl': 'SMTP_URL',
      'mail.from': 'MAIL_FROM'
    })

    const before = everyTable(core)
    const refused = await save(core, { [MIN_LENGTH]: 14, 'mail.from': 'Other <other@example.org>', [IDLE]: 300 })
    expect(errorOf(refused).code).toBe('validation_failed')
    expect(fieldCodes(refused)).toEqual({ [MIN_LENGTH]: ['setting_fixed'], 'mail.from': ['setting_fixed'] })
    expect(errorOf(refused).fields?.[MIN_LENGTH][0].params).toEqual({ source: 'settings.json' })
    expect(everyTable(core)).toEqual(before)
    expect(core.services.settings.sessions.idleTimeoutInSeconds).toBe(600)
    // The fixed values are still the ones in effect.
    expect(dataOf(await signUp(core, 'dave', 'Qv7-mist-O')).user?.username).toBe('dave')
  })
})

describe('values that are refused', () => {
  it('an idle timeout that would sign everyone out mid-work, or SMTP with nowhere to send: field errors, nothing changed', async () => {
    const core = await adminCore()
    const before = everyTable(core)
    const tooShort = await save(core, { [IDLE]: 30, [MIN_LENGTH]: 12 })
    expect(errorOf(tooShort).code).toBe('validation_failed')
    expect(fieldCodes(tooShort)).toEqual({ [IDLE]: ['setting_too_small'] })
    expect(errorOf(tooShort).fields?.[IDLE][0].params).toEqual({ min: 60 })
    expect(fieldCodes(await save(core, { 'mail.transport': 'smtp' }))).toEqual({
      'mail.smtpUrl': ['smtp_url_required']
    })
    expect(fieldCodes(await save(core, { 'mail.smtpUrl': 'http://example.org' }))).toEqual({
      'mail.smtpUrl': ['smtp_url_invalid']
    })
    expect(everyTable(core)).toEqual(before)
    expect(core.services.settings.sessions.idleTimeoutInSeconds).toBe(900)
    expect(core.services.settings.passwordValidators.minimumLength.minLength).toBe(8)
  })

  it('bad input gets typed errors: out of range, not whole, wrong type, unknown setting', async () => {
    const core = await adminCore()
    const before = everyTable(core)
    expect(
      fieldCodes(
        await save(core, {
          [MIN_LENGTH]: 0,
          'lockout.maxFailures': 2.5,
          'passwordValidators.userAttributeSimilarity.maxSimilarity': 5,
          'passwordHashing.memoryCostInKiB': 5 * 1024 * 1024
        })
      )
    ).toEqual({
      [MIN_LENGTH]: ['setting_too_small'],
      'lockout.maxFailures': ['setting_not_whole'],
      'passwordValidators.userAttributeSimilarity.maxSimilarity': ['setting_too_big'],
      'passwordHashing.memoryCostInKiB': ['setting_too_big']
    })
    const wrongType = await call(core, ADMIN, 'adminSaveSettings', { changes: { [MIN_LENGTH]: '12' } })
    expect(errorOf(wrongType).code).toBe('invalid_input')
    const unknown = await call(core, ADMIN, 'adminSaveSettings', { changes: { 'audit.retentionInDays': 1 } })
    expect(errorOf(unknown).code).toBe('invalid_input')
    expect(fieldCodes(unknown)).toEqual({ 'audit.retentionInDays': ['unknown_field'] })
    const measure = await call(core, ADMIN, 'adminMeasureHashing', { memoryCostInKiB: 8, timeCost: 1, parallelism: 1 })
    expect(fieldCodes(measure)).toEqual({ memoryCostInKiB: ['too_small'] })
    expect(everyTable(core)).toEqual(before)
  })

  it('a normal user or a guest may not read, save, measure or send a test email', async () => {
    const core = await adminCore()
    const alice = await withUser(core, 'alice')
    const before = everyTable(core)
    for (const [window, code] of [
      [appWindow(alice.window), 'forbidden'],
      [appWindow('guest'), 'not_signed_in']
    ] as const) {
      expect(errorOf(await save(core, { [MIN_LENGTH]: 1 }, window)).code).toBe(code)
      expect(errorOf(await call(core, window, 'adminGetSettings', {})).code).toBe(code)
      expect(errorOf(await call(core, window, 'adminMeasureHashing', CHEAP_HASHING)).code).toBe(code)
      const test = await call(core, window, 'adminSendTestEmail', { to: 'x@example.org', draft: {} })
      expect(errorOf(test).code).toBe(code)
    }
    expect(everyTable(core)).toEqual(before)
    expect(core.services.settings.passwordValidators.minimumLength.minLength).toBe(8)
  })
})

describe('Measure and Send test email', () => {
  it('measures one hash with the given parameters, one measurement at a time', async () => {
    const core = await adminCore()
    const [first, second] = await Promise.all([
      call(core, ADMIN, 'adminMeasureHashing', CHEAP_HASHING),
      call(core, ADMIN, 'adminMeasureHashing', CHEAP_HASHING)
    ])
    expect(Number.isInteger(dataOf(first).milliseconds)).toBe(true)
    expect(errorOf(second).code).toBe('measure_in_progress')
    expect(dataOf(await call(core, ADMIN, 'adminMeasureHashing', CHEAP_HASHING)).milliseconds).toBeGreaterThanOrEqual(0)
  })

  it('sends a test email through a real SMTP server with the unsaved draft settings', async () => {
    const smtp = await startLoopbackSmtp(cleanups)
    const core = await adminCore()
    const result = await call(core, ADMIN, 'adminSendTestEmail', {
      to: 'desk@example.org',
      draft: {
        'mail.transport': 'smtp',
        'mail.smtpUrl': `smtp://127.0.0.1:${smtp.port}`,
        'mail.from': 'Desk <desk@example.org>'
      }
    })
    expect(dataOf(result)).toEqual({ transport: 'smtp' })
    expect(smtp.received).toHaveLength(1)
    expect(smtp.received[0]).toMatchObject({ from: 'desk@example.org', to: ['desk@example.org'] })
    expect(smtp.received[0].raw).toContain('Subject: Local Accounts test email')
    // A draft is not a save: mail still goes to the development Mail log.
    expect(core.services.settings.mail.transport).toBe('development')
  })

  it('reports the server’s own error: a refused port, a refused recipient', async () => {
    const core = await adminCore()
    const port = await closedPort()
    const down = await call(core, ADMIN, 'adminSendTestEmail', {
      to: 'desk@example.org',
      draft: { 'mail.transport': 'smtp', 'mail.smtpUrl': `smtp://127.0.0.1:${port}` }
    })
    expect(errorOf(down).code).toBe('test_email_failed')
    expect(errorOf(down).params?.reason).toContain('ECONNREFUSED')

    const refusing = await startLoopbackSmtp(cleanups, { refuse: true })
    const rejected = await call(core, ADMIN, 'adminSendTestEmail', {
      to: 'desk@example.org',
      draft: { 'mail.transport': 'smtp', 'mail.smtpUrl': `smtp://127.0.0.1:${refusing.port}` }
    })
    expect(errorOf(rejected).params?.reason).toContain('Mailbox desk@example.org unavailable')
    expect(fieldCodes(await call(core, ADMIN, 'adminSendTestEmail', { to: 'not an address', draft: {} }))).toEqual({
      to: ['email_invalid']
    })
  })

  it('in development, puts the test email in the Mail log', async () => {
    const core = await adminCore()
    dataOf(await call(core, ADMIN, 'adminSendTestEmail', { to: 'desk@example.org', draft: {} }))
    expect((await mailLog(core)).map((message) => message.subject)).toEqual(['Local Accounts test email'])
  })
})
