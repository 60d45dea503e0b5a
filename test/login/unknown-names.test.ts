import { afterEach, describe, expect, it } from 'vitest'
import { call, dataOf, errorOf, everyTable, rawDatabaseBytes } from '../helpers/accounts'
import { appWindow, makeTestCore, openTestCore, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'
import { databaseBefore } from '../helpers/old-database'

/**
 * Someone in a hurry types their password into the name field. The name matches no account, so
 * whatever is kept of it must not give the text back: not in a table, not in the file's bytes.
 */

const cores: TestCore[] = []
afterEach(() => {
  for (const core of cores.splice(0).reverse()) core.dispose()
})

const TYPED_PASSWORD = 'Hunter-Secret-2718'

/** Each form the core could have stored the typed text in. */
const forms = (text: string): string[] => [text, text.toLowerCase(), text.toUpperCase()]

function expectNowhere(core: TestCore, text: string): void {
  const tables = JSON.stringify(everyTable(core)).toLowerCase()
  expect(tables).not.toContain(text.toLowerCase())
  const bytes = rawDatabaseBytes(core.dataDir)
  for (const form of forms(text)) expect(bytes.includes(form), form).toBe(false)
}

describe('a name that matches no account', () => {
  it('is stored nowhere in clear, in any table, in the database file or its write-ahead log', async () => {
    const core = makeTestCore()
    cores.push(core)
    await withUser(core, 'alice')
    for (let attempt = 1; attempt <= 6; attempt++) {
      errorOf(await call(core, appWindow('w1'), 'logIn', { identifier: TYPED_PASSWORD, password: 'whatever-1' }))
    }
    expectNowhere(core, TYPED_PASSWORD)
    core.services.db.pragma('wal_checkpoint(PASSIVE)')
    expectNowhere(core, TYPED_PASSWORD)

    // Still throttled: the keyed hash is the same for every spelling of the name.
    expect(
      errorOf(await call(core, appWindow('w2'), 'logIn', { identifier: TYPED_PASSWORD.toUpperCase(), password: 'x' }))
        .code
    ).toBe('locked_out')
    const throttled = core.services.db.prepare('SELECT username_key FROM login_throttle').pluck().all() as string[]
    expect(throttled).toEqual([expect.stringMatching(/^#[0-9a-f]{64}$/)])
  })

  it('is shown in the audit trail as an unknown name, while a known account keeps its name', async () => {
    const core = makeTestCore()
    cores.push(core)
    await withUser(core, 'alice')
    errorOf(await call(core, appWindow('w1'), 'logIn', { identifier: TYPED_PASSWORD, password: 'whatever-1' }))
    errorOf(await call(core, appWindow('w1'), 'logIn', { identifier: 'ALICE', password: 'whatever-1' }))
    const rows = dataOf(
      await call(core, appWindow('admin-window'), 'adminListAudit', { user: '', kind: 'login', offset: 0, limit: 10 })
    ).rows
    expect(rows.map(({ subjectUsername, detail }) => ({ subjectUsername, detail }))).toEqual([
      { subjectUsername: 'alice', detail: 'wrong credentials' },
      { subjectUsername: null, detail: 'wrong credentials (unknown name)' }
    ])
  })

  it('is keyed with a secret of its own data folder, so two folders give two keys', async () => {
    const keys: string[] = []
    for (let i = 0; i < 2; i++) {
      const core = makeTestCore()
      cores.push(core)
      await withUser(core, 'alice')
      errorOf(await call(core, appWindow('w1'), 'logIn', { identifier: TYPED_PASSWORD, password: 'whatever-1' }))
      keys.push(core.services.db.prepare('SELECT username_key FROM login_throttle').pluck().get() as string)
    }
    expect(keys[0]).not.toBe(keys[1])
  })
})

describe('upgrading a data folder that kept typed names in clear', () => {
  // Events at the test clock's time, so start-up's retention pruning keeps them.
  const T = Date.UTC(2026, 0, 1)

  it('scrubs them from the throttle and the audit trail, and keeps what belongs to accounts', async () => {
    const { dataDir, db: old } = databaseBefore('CREATE TABLE secrets')
    old.exec(`
      INSERT INTO users (id, username, username_key, email, email_key, password_hash, created_at)
        VALUES (7, 'alice', 'alice', 'alice@example.com', 'alice@example.com', NULL, 1);
      INSERT INTO login_throttle VALUES ('${TYPED_PASSWORD.toLowerCase()}', 0, 5, 4102444800000);
      INSERT INTO login_throttle VALUES ('alice', 0, 5, 4102444800000);
      INSERT INTO audit_events (at, kind, outcome, subject_user_id, subject_username, detail) VALUES
        (${T + 1}, 'login', 'failure', NULL, '${TYPED_PASSWORD}', 'wrong credentials'),
        (${T + 2}, 'lockout', 'success', NULL, '${TYPED_PASSWORD}', NULL),
        (${T + 3}, 'login', 'failure', 7, 'alice', 'wrong credentials'),
        (${T + 4}, 'admin_delete', 'success', 9, 'bob', 'email was bob@example.com');
    `)
    old.close()

    const core = openTestCore(dataDir)
    cores.push(core)
    expect(core.services.lockout.lockedUntil('alice')).toBe(4102444800000)
    expect(core.services.db.prepare('SELECT at, subject_username, detail FROM audit_events ORDER BY at').all()).toEqual(
      [
        { at: T + 1, subject_username: null, detail: 'wrong credentials (unknown name)' },
        { at: T + 2, subject_username: null, detail: 'unknown name' },
        { at: T + 3, subject_username: 'alice', detail: 'wrong credentials' },
        { at: T + 4, subject_username: 'bob', detail: 'email was bob@example.com' }
      ]
    )
    core.services.db.pragma('wal_checkpoint(TRUNCATE)')
    expectNowhere(core, TYPED_PASSWORD)
    expect(dataOf(await call(core, appWindow('w'), 'getSession', {})).user).toBeNull()
    expect(
      errorOf(await call(core, appWindow('w'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })).code
    ).toBe('locked_out')
  })
})
