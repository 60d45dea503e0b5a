import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE_NAME } from '../../src/main/db/database'
import { call, dataOf, rawDatabaseBytes } from '../helpers/accounts'
import { appWindow, makeTestCore, signUpInput, withFirstAdmin, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

const ALICE_PASSWORD = 'Unmistakable-Plaintext-4417'
const ADMIN_PASSWORD = 'Another-Plaintext-Marker-8812'

async function twoAccounts(): Promise<void> {
  core = makeTestCore()
  await withFirstAdmin(core)
  dataOf(await call(core, appWindow('w1'), 'signUp', signUpInput('alice', ALICE_PASSWORD)))
  dataOf(
    await call(core, appWindow('admin-window'), 'changePassword', {
      oldPassword: 'violet-Anchor-92-quietly',
      newPassword: ADMIN_PASSWORD,
      newPasswordConfirmation: ADMIN_PASSWORD
    })
  )
}

describe('the SQLite file after sign-ups', () => {
  it('holds $argon2id$ hashes and no plaintext password, in the file and its write-ahead log', async () => {
    await twoAccounts()
    expect(existsSync(join(core.dataDir, `${DATABASE_FILE_NAME}-wal`))).toBe(true)
    const live = rawDatabaseBytes(core.dataDir)
    expect(live.toString('latin1').match(/\$argon2id\$v=19\$/g)?.length).toBeGreaterThanOrEqual(2)
    for (const password of [ALICE_PASSWORD, ADMIN_PASSWORD, 'violet-Anchor-92-quietly']) {
      expect(live.includes(password), password).toBe(false)
      expect(live.includes(Buffer.from(password, 'utf16le')), `${password} (UTF-16)`).toBe(false)
    }

    core.close()
    const file = readFileSync(join(core.dataDir, DATABASE_FILE_NAME))
    expect(file.toString('latin1')).toContain('$argon2id$v=19$')
    for (const password of [ALICE_PASSWORD, ADMIN_PASSWORD]) expect(file.includes(password)).toBe(false)
  })

  it('passes the integrity check and stays in WAL mode when opened by anyone else', async () => {
    await twoAccounts()
    expect(core.services.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(core.services.db.pragma('journal_mode', { simple: true })).toBe('wal')
    core.close()
    const other = new Database(join(core.dataDir, DATABASE_FILE_NAME), { readonly: true })
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(other.pragma('integrity_check', { simple: true })).toBe('ok')
    const hashes = other.prepare('SELECT password_hash FROM users').pluck().all() as string[]
    expect(hashes).toHaveLength(2)
    for (const hash of hashes) expect(hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/)
    other.close()
  })
})
