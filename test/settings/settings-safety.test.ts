import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readSettings, SETTINGS_FILE_NAME } from '../../src/main/core/settings/load-settings'
import { call, dataOf, errorOf, everyTable, fieldCodes } from '../helpers/accounts'
import { appWindow, makeTestCore, withFirstAdmin, withUser, type TestCore } from '../helpers/core'
import { disposedAfterEach } from '../helpers/login'
import { turnOnTwoFactor } from '../helpers/two-factor'

const ADMIN = appWindow('admin-window')

const { track } = disposedAfterEach()
const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

async function adminCore(): Promise<TestCore> {
  const core = track(makeTestCore())
  await withFirstAdmin(core)
  return core
}

describe('the From address must be an email address', () => {
  it('refuses words, a bare name or a broken bracket, sent straight to the channel at once; nothing changes', async () => {
    const core = await adminCore()
    const before = everyTable(core)
    const bad = ['front desk', 'Front desk', 'desk@', '@example.org', 'Desk <desk@example.org', 'a@b c@d']
    const answers = await Promise.all(
      bad.map((from) => call(core, ADMIN, 'adminSaveSettings', { changes: { 'mail.from': from } }))
    )
    for (const answer of answers) expect(fieldCodes(answer)).toEqual({ 'mail.from': ['mail_from_invalid'] })
    expect(everyTable(core)).toEqual(before)
    expect(core.services.settings.mail.from).toBe('Local Accounts <no-reply@localhost>')
  })

  it('takes an address, with or without a name, and a test email is refused the same way', async () => {
    const core = await adminCore()
    for (const from of ['desk@example.org', 'Front desk <desk@example.org>']) {
      const saved = dataOf(await call(core, ADMIN, 'adminSaveSettings', { changes: { 'mail.from': from } }))
      expect(saved.values['mail.from']).toBe(from)
    }
    const test = await call(core, ADMIN, 'adminSendTestEmail', {
      to: 'someone@example.org',
      draft: { 'mail.from': 'nobody' }
    })
    expect(fieldCodes(test)).toEqual({ 'mail.from': ['mail_from_invalid'] })
  })

  it('refuses one in settings.json at start-up, naming the setting', () => {
    const folder = mkdtempSync(join(tmpdir(), 'local-accounts-from-'))
    folders.push(folder)
    writeFileSync(join(folder, SETTINGS_FILE_NAME), JSON.stringify({ mail: { from: 'the front desk' } }))
    expect(() => readSettings(folder, {})).toThrow('mail.from')
  })
})

describe('a lock shorter than a minute is no lock', () => {
  it('is refused from the channel with its bound; a minute is taken', async () => {
    const core = await adminCore()
    const refused = await call(core, ADMIN, 'adminSaveSettings', { changes: { 'lockout.durationInSeconds': 30 } })
    expect(errorOf(refused).fields?.['lockout.durationInSeconds']).toEqual([
      expect.objectContaining({ code: 'setting_too_small', params: { min: 60 } })
    ])
    expect(core.services.settings.lockout.durationInSeconds).toBe(15 * 60)
    dataOf(await call(core, ADMIN, 'adminSaveSettings', { changes: { 'lockout.durationInSeconds': 60 } }))
    expect(core.services.settings.lockout.durationInSeconds).toBe(60)
  })
})

describe('whom requiring two-factor authentication for administrators affects', () => {
  it('counts the active administrators and those of them without two-factor, and nothing else', async () => {
    const core = await adminCore()
    const alice = await withUser(core, 'alice')
    const bob = await withUser(core, 'bob')
    const carol = await withUser(core, 'carol')
    await withUser(core, 'dave')
    await turnOnTwoFactor(core, appWindow(alice.window))
    for (const { id } of [alice, bob, carol]) {
      dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id, isAdmin: true }))
    }
    // A deactivated administrator signs in nowhere: the requirement does not reach them.
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: carol.id, isActive: false }))

    const count = dataOf(await call(core, ADMIN, 'adminCountAdministrators', {}))
    expect(count).toEqual({ administrators: 3, withoutTwoFactor: 2 })
  })

  it('is an administrator’s question only', async () => {
    const core = await adminCore()
    const dave = await withUser(core, 'dave')
    expect(errorOf(await call(core, appWindow(dave.window), 'adminCountAdministrators', {})).code).toBe('forbidden')
    expect(errorOf(await call(core, appWindow('guest-window'), 'adminCountAdministrators', {})).code).toBe(
      'not_signed_in'
    )
    expect(errorOf(await call(core, ADMIN, 'adminCountAdministrators', { extra: 1 })).code).toBe('invalid_input')
  })
})
