import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveDataDir } from '../../src/main/app'
import { loadSettings, SETTINGS_FILE_NAME } from '../../src/main/core/settings/load-settings'

describe('the data folder', () => {
  const fallback = '/home/someone/.config/Local Accounts'

  it('comes from --data-dir DIR or --data-dir=DIR first', () => {
    const env = { LOCAL_ACCOUNTS_DATA_DIR: '/from/env' }
    expect(resolveDataDir(['electron', '.', '--data-dir', '/from/flag'], env, fallback)).toBe('/from/flag')
    expect(resolveDataDir(['electron', '.', '--data-dir=/from/flag'], env, fallback)).toBe('/from/flag')
  })

  it('then from LOCAL_ACCOUNTS_DATA_DIR, then the host default', () => {
    expect(resolveDataDir(['electron', '.'], { LOCAL_ACCOUNTS_DATA_DIR: '/from/env' }, fallback)).toBe('/from/env')
    expect(resolveDataDir(['electron', '.'], {}, fallback)).toBe(fallback)
  })

  it('refuses a --data-dir without a folder rather than guessing', () => {
    expect(() => resolveDataDir(['electron', '.', '--data-dir'], {}, fallback)).toThrow(/--data-dir needs a folder/)
    expect(() => resolveDataDir(['electron', '.', '--data-dir='], {}, fallback)).toThrow(/--data-dir needs a folder/)
  })
})

describe('settings.json and the environment', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const inFolder = (json: string): string => {
    dir = mkdtempSync(join(tmpdir(), 'local-accounts-settings-'))
    writeFileSync(join(dir, SETTINGS_FILE_NAME), json)
    return dir
  }

  it('read settings.json from the data folder over the defaults', () => {
    const settings = loadSettings(
      inFolder(
        JSON.stringify({ passwordValidators: { numeric: { enabled: false } }, sessions: { idleTimeoutInSeconds: 60 } })
      ),
      {}
    )
    expect(settings.passwordValidators.numeric.enabled).toBe(false)
    expect(settings.passwordValidators.commonPassword.enabled).toBe(true)
    expect(settings.sessions).toMatchObject({ lifetimeInSeconds: 12 * 60 * 60, idleTimeoutInSeconds: 60 })
  })

  it('refuse a broken settings.json with an error naming the file', () => {
    expect(() => loadSettings(inFolder('{ not json'), {})).toThrow(/settings\.json is not valid JSON/)
    expect(() => loadSettings(inFolder('{"lockout":{"maxFailures":0}}'), {})).toThrow(/lockout\.maxFailures/)
  })

  it('switch mail to SMTP when SMTP_URL is set, and take MAIL_FROM as the sender', () => {
    const folder = inFolder('{}')
    expect(loadSettings(folder, {}).mail.transport).toBe('development')
    const mail = loadSettings(folder, { SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Desk <desk@example.com>' }).mail
    expect(mail).toMatchObject({ transport: 'smtp', smtpUrl: 'smtp://127.0.0.1:2525', from: 'Desk <desk@example.com>' })
  })
})
