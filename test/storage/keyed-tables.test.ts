import { afterEach, describe, expect, it } from 'vitest'
import { call, errorOf } from '../helpers/accounts'
import { appWindow, openTestCore, STRONG_PASSWORD, type TestCore } from '../helpers/core'
import { databaseBefore } from '../helpers/old-database'

const cores: TestCore[] = []
afterEach(() => {
  for (const core of cores.splice(0).reverse()) core.dispose()
})

/** The test clock's start (ManualClock), and a time long after it. */
const T = Date.UTC(2026, 0, 1)
const LATER = Date.UTC(2100, 0, 1)

describe('upgrading to the login throttle kept in key order (migration 19)', () => {
  it('keeps every lock and count, and the throttle has no rowid', async () => {
    const { dataDir, db: old } = databaseBefore('CREATE TABLE login_throttle_by_key')
    old.exec(`
      INSERT INTO users (id, username, username_key, email, email_key, password_hash, created_at)
        VALUES (7, 'alice', 'alice', 'alice@example.com', 'alice@example.com', NULL, 1),
               (8, 'bob', 'bob', 'bob@example.com', 'bob@example.com', NULL, 1);
      INSERT INTO login_throttle VALUES ('alice', 0, ${T}, ${LATER});
      INSERT INTO login_throttle VALUES ('bob', 2, ${T}, NULL);
    `)
    old.close()

    const core = openTestCore(dataDir)
    cores.push(core)
    const { lockout, db } = core.services
    expect(lockout.lockedUntil('alice')).toBe(LATER)
    expect(lockout.lockedUntil('bob')).toBeNull()
    expect(db.prepare('SELECT failures FROM login_throttle WHERE username_key = ?').pluck().get('bob')).toBe(2)
    expect(
      errorOf(await call(core, appWindow('w'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })).code
    ).toBe('locked_out')
    expect(() => db.prepare('SELECT rowid FROM login_throttle').all()).toThrow(/no such column: rowid/)
  })
})
