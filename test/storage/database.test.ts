import Database from 'better-sqlite3'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  DATABASE_FILE_NAME,
  migrate,
  openDatabase,
  readTransaction,
  registerSqlFunctions,
  writeTransaction,
  type Db
} from '../../src/main/db/database'
import { MIGRATIONS } from '../../src/main/db/migrations'

const folders: string[] = []
const open: Db[] = []

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-accounts-db-'))
  folders.push(dir)
  return dir
}

function openIn(dir: string): Db {
  const db = openDatabase(dir)
  open.push(db)
  return db
}

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close()
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/**
 * Another process's connection to the same file, with no busy wait: its own functions registered
 * as the app registers them (the users table's triggers call them).
 */
function otherProcess(dir: string): Db {
  const other = new Database(join(dir, DATABASE_FILE_NAME), { timeout: 0 })
  registerSqlFunctions(other)
  open.push(other)
  return other
}

const schema = (db: Db): unknown[] =>
  db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all()

function insertUser(db: Db, name: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO users (username, username_key, email, email_key, password_hash, created_at)
         VALUES (?, ?, ?, ?, '$argon2id$x', 1)`
      )
      .run(name, name, `${name}@example.com`, `${name}@example.com`).lastInsertRowid
  )
}

describe('the database file', () => {
  it('is one SQLite file created in the data folder, which is created private to its owner', () => {
    const dataDir = join(tempDir(), 'nested', 'data')
    openIn(dataDir)
    expect(existsSync(join(dataDir, DATABASE_FILE_NAME))).toBe(true)
    if (process.platform !== 'win32') expect(statSync(dataDir).mode & 0o777).toBe(0o700)
  })

  it('uses WAL, foreign keys, a busy timeout, and passes the integrity check', () => {
    const db = openIn(tempDir())
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('records the schema version as the number of migrations', () => {
    const db = openIn(tempDir())
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(1)
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
  })

  it('has the users, sessions and audit tables, every table STRICT', () => {
    const db = openIn(tempDir())
    // Ordinary tables only: the search index's own tables (type 'shadow') are FTS5's to define.
    const tables = db
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'"
      )
      .all() as { name: string; strict: number }[]
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['users', 'sessions', 'audit_events']))
    for (const table of tables) expect(table, table.name).toMatchObject({ strict: 1 })
  })

  it('refuses a value of the wrong type (STRICT), instead of storing it', () => {
    const db = openIn(tempDir())
    expect(() =>
      db
        .prepare(
          `INSERT INTO users (username, username_key, email, email_key, created_at)
           VALUES ('a', 'a', 'a@example.com', 'a@example.com', 'yesterday')`
        )
        .run()
    ).toThrow(/cannot store TEXT value in INTEGER column/)
    expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 })
  })

  it('enforces foreign keys: no session for a missing user, and a deleted user takes its sessions along', () => {
    const db = openIn(tempDir())
    const addSession = (id: string, userId: number) =>
      db
        .prepare(
          `INSERT INTO sessions (id, secret_hash, user_id, window_id, created_at, last_seen_at, expires_at)
           VALUES (?, x'00', ?, 'w', 1, 1, 2)`
        )
        .run(id, userId)
    expect(() => addSession('orphan', 999)).toThrow(/FOREIGN KEY constraint failed/)
    const userId = insertUser(db, 'alice')
    addSession('s1', userId)
    db.prepare('DELETE FROM users WHERE id = ?').run(userId)
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 })
  })
})

describe('transactions', () => {
  it('writeTransaction begins IMMEDIATE: one that reads, then writes, is not undone by another process writing in between', () => {
    const dir = tempDir()
    const app = openIn(dir)
    const other = otherProcess(dir)
    let otherWrite = 'not tried'
    const count = writeTransaction(app, () => {
      const users = (app.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n
      // Another process writes after this transaction has read. Deferred, this transaction's
      // own write would then fail with SQLITE_BUSY at once; immediate, the other one waits.
      try {
        insertUser(other, 'bob')
        otherWrite = 'written'
      } catch (error) {
        otherWrite = (error as { code: string }).code
      }
      insertUser(app, 'alice')
      return users + 1
    })
    expect(count).toBe(1)
    expect(otherWrite).toBe('SQLITE_BUSY')
    expect(app.prepare('SELECT username FROM users').all()).toEqual([{ username: 'alice' }])
  })

  it('readTransaction takes no write lock: another process writes meanwhile, and the reader keeps its snapshot', () => {
    const dir = tempDir()
    const app = openIn(dir)
    const other = otherProcess(dir)
    const seen = readTransaction(app, () => {
      const before = app.prepare('SELECT count(*) AS n FROM users').get() as { n: number }
      insertUser(other, 'bob')
      const after = app.prepare('SELECT count(*) AS n FROM users').get() as { n: number }
      return [before.n, after.n]
    })
    expect(seen).toEqual([0, 0])
    expect(app.prepare('SELECT username FROM users').all()).toEqual([{ username: 'bob' }])
  })
})

describe('migrations', () => {
  it('re-running them on an up-to-date database changes nothing and keeps the data', () => {
    const dir = tempDir()
    const first = openIn(dir)
    insertUser(first, 'alice')
    const before = schema(first)
    migrate(first)
    expect(schema(first)).toEqual(before)
    first.close()

    const again = openIn(dir)
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    expect(schema(again)).toEqual(before)
    expect(again.prepare('SELECT username FROM users').all()).toEqual([{ username: 'alice' }])
  })

  it('brings an older database up to date, step by step', () => {
    const dir = tempDir()
    const old = new Database(join(dir, DATABASE_FILE_NAME))
    migrate(old, MIGRATIONS.slice(0, 1))
    expect(old.pragma('user_version', { simple: true })).toBe(1)
    old.close()

    const db = openIn(dir)
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'login_throttle'").get()).toBeDefined()
  })

  it('applies each migration in its own transaction: a failing one leaves no trace', () => {
    const db = new Database(':memory:')
    const steps = ['CREATE TABLE a (x INTEGER) STRICT;', 'CREATE TABLE b (x INTEGER) STRICT; CREATE TABLE broken (']
    expect(() => migrate(db, steps)).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()
    expect(names).toEqual([{ name: 'a' }])
    db.close()
  })

  it('refuses a database written by a newer version, with a clear error, and leaves it untouched', () => {
    const dir = tempDir()
    const newer = new Database(join(dir, DATABASE_FILE_NAME))
    newer.pragma(`user_version = ${MIGRATIONS.length + 1}`)
    newer.close()

    expect(() => openIn(dir)).toThrow(/newer version of Local Accounts/)
    const check = new Database(join(dir, DATABASE_FILE_NAME), { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1)
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'users'").get()).toEqual({ n: 0 })
    check.close()
  })
})
