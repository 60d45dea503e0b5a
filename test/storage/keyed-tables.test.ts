import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE_NAME, migrate } from '../../src/main/db/database'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { call, errorOf } from '../helpers/accounts'
import { appWindow, openTestCore, STRONG_PASSWORD, type TestCore } from '../helpers/core'

const cores: TestCore[] = []
afterEach(() => {
  for (const core of cores.splice(0).reverse()) core.dispose()
})

/** The test clock's start (ManualClock), and a time long after it. */
const T = Date.UTC(2026, 0, 1)
const LATER = Date.UTC(2100, 0, 1)

describe('upgrading to the throttle and sessions kept in key order (migration 19)', () => {
  const keyed = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE sessions_by_id'))

  it('keeps every lock and session, the Lock screen still finds the locked one, and the tables have no rowid', async () => {
    expect(keyed).toBeGreaterThan(0)
    const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-test-'))
    const old = new Database(join(dataDir, DATABASE_FILE_NAME))
    old.pragma('journal_mode = WAL')
    migrate(old, MIGRATIONS.slice(0, keyed))
    old.exec(`
      INSERT INTO users (id, username, username_key, email, email_key, password_hash, created_at)
        VALUES (7, 'alice', 'alice', 'alice@example.com', 'alice@example.com', NULL, 1),
               (8, 'bob', 'bob', 'bob@example.com', 'bob@example.com', NULL, 1);
      INSERT INTO login_throttle VALUES ('alice', 0, ${T}, ${LATER});
      INSERT INTO login_throttle VALUES ('bob', 2, ${T}, NULL);
    `)
    old
      .prepare(
        `INSERT INTO sessions (id, secret_hash, user_id, window_id, created_at, last_seen_at, expires_at, handle,
           locked_at, previous_sign_in_at, previous_sign_in_window) VALUES (?, ?, 8, 'w-bob', ?, ?, ?, 'h-bob', ?, ?, 'w-old')`
      )
      .run('s-bob', createHash('sha256').update('secret').digest(), T, T, LATER, T, T - 1000)
    old.close()

    const core = openTestCore(dataDir)
    cores.push(core)
    const { lockout, sessions, db } = core.services
    expect(lockout.lockedUntil('alice')).toBe(LATER)
    expect(lockout.lockedUntil('bob')).toBeNull()
    expect(sessions.byHandle('h-bob')).toMatchObject({
      id: 's-bob',
      userId: 8,
      windowId: 'w-bob',
      lockedAt: T,
      previousSignIn: { at: T - 1000, windowId: 'w-old' },
      endedBecause: null
    })
    expect(sessions.lockedSessions().map((session) => session.username)).toEqual(['bob'])
    expect(
      errorOf(await call(core, appWindow('w'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })).code
    ).toBe('locked_out')
    // Kept in their key's order: no rowid, and the indexes the lookups use are there again.
    for (const table of ['login_throttle', 'sessions']) {
      expect(() => db.prepare(`SELECT rowid FROM ${table}`).all(), table).toThrow(/no such column: rowid/)
    }
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions'`).pluck()
    expect(indexes.all()).toEqual(expect.arrayContaining(['sessions_user', 'sessions_by_handle', 'sessions_locked']))
  })
})
