import Database from 'better-sqlite3'
import { buildSync } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createAppCore } from '../../src/main/app'
import { loadSettings } from '../../src/main/core/settings/load-settings'
import { DATABASE_FILE_NAME, openDatabase, type Db } from '../../src/main/db/database'
import { explainDatabaseError } from '../../src/main/db/database-file'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { RESOURCES_DIR } from '../helpers/core'

const ROOT = resolve(__dirname, '../..')
const POSIX = process.platform !== 'win32'
const IS_ROOT = POSIX && process.getuid?.() === 0
/** An unprivileged account to run a second process as, when the tests run as root. */
const NOBODY = 65534

const folders: string[] = []
const open: Db[] = []

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close()
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-accounts-files-'))
  folders.push(dir)
  return dir
}

function openIn(dir: string, warnings: string[] = []): Db {
  const db = openDatabase(dir, undefined, (message) => warnings.push(message))
  open.push(db)
  return db
}

const modeOf = (path: string): number => statSync(path).mode & 0o777
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')
const dbFile = (dir: string): string => join(dir, DATABASE_FILE_NAME)

/** Whether this process still has `path` open (Linux: /proc/self/fd), to catch a leaked connection. */
function holdsOpen(path: string): boolean {
  return readdirSync('/proc/self/fd').some((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(path)
    } catch {
      return false
    }
  })
}

/** What refusing `dir` says; also checks that no -wal appeared and nothing is left open. */
function refusal(dir: string): string {
  const before = existsSync(dbFile(dir)) && statSync(dbFile(dir)).isFile() ? sha256(dbFile(dir)) : null
  let message = ''
  expect(() => {
    try {
      openIn(dir)
    } catch (error) {
      message = (error as Error).message
      throw error
    }
  }).toThrow()
  if (before !== null) expect(sha256(dbFile(dir)), 'the file is byte for byte as it was').toBe(before)
  expect(existsSync(`${dbFile(dir)}-wal`), 'no -wal appeared').toBe(false)
  if (existsSync('/proc/self/fd')) expect(holdsOpen(dbFile(dir)), 'the connection was closed').toBe(false)
  return message
}

function writeRawDatabase(file: string, setUp: (db: Db) => void): void {
  const db = new Database(file)
  setUp(db)
  db.close()
}

let helperDir: string | null = null
afterAll(() => {
  if (helperDir) rmSync(helperDir, { recursive: true, force: true })
})

/**
 * test/fixtures/open-data-folder.ts bundled into one .js file, with SQLite's binding beside it,
 * in a folder any user may read: the project (and its node_modules) may sit in a folder only
 * root can enter (a clone under /root or in `mktemp -d`), where the other user reads nothing.
 */
function helperForOtherUser(): { script: string; binding: string } {
  const script = (dir: string) => join(dir, 'open-data-folder.js')
  const binding = (dir: string) => join(dir, 'better_sqlite3.node')
  if (!helperDir) {
    const dir = mkdtempSync(join(tmpdir(), 'local-accounts-helper-'))
    buildSync({
      entryPoints: [join(ROOT, 'test/fixtures/open-data-folder.ts')],
      outfile: script(dir),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'error'
    })
    copyFileSync(join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), binding(dir))
    for (const path of [script(dir), binding(dir)]) chmodSync(path, 0o644)
    chmodSync(dir, 0o755)
    helperDir = dir
  }
  return { script: script(helperDir), binding: binding(helperDir) }
}

/** Runs the app's opening of `dir` in a separate process, as another user when we are root. */
function openAsOtherUser(dir: string) {
  const { script, binding } = helperForOtherUser()
  // Node itself is world-readable; the working folder is one the other user may enter.
  return spawnSync(process.execPath, [script, dir, binding], {
    cwd: tmpdir(),
    uid: NOBODY,
    gid: NOBODY,
    env: { ...process.env, HOME: tmpdir() },
    encoding: 'utf8',
    timeout: 60_000
  })
}

describe.runIf(POSIX)('private files (POSIX)', () => {
  it('a new data folder is 0700 and the database, -wal and -shm are created 0600, even with a umask of 000', () => {
    const dir = join(tempDir(), 'data')
    const previous = process.umask(0o000)
    try {
      const db = openIn(dir)
      db.prepare("INSERT INTO audit_events (at, kind, outcome) VALUES (1, 'test', 'success')").run()
    } finally {
      process.umask(previous)
    }
    expect(modeOf(dir)).toBe(0o700)
    for (const suffix of ['', '-wal', '-shm']) expect(modeOf(dbFile(dir) + suffix), suffix || 'database').toBe(0o600)
    // Built under a temporary name and linked into place: nothing else is left in the folder.
    expect(readdirSync(dir).sort()).toEqual([
      DATABASE_FILE_NAME,
      `${DATABASE_FILE_NAME}-shm`,
      `${DATABASE_FILE_NAME}-wal`
    ])
  })

  it('an existing 0755 folder with 0644 database, -wal, -shm and settings is tightened to 0700 and 0600', () => {
    const dir = tempDir()
    openIn(dir).close()
    // Another connection keeps the -wal and -shm in place, as a running app would.
    const other = new Database(dbFile(dir))
    open.push(other)
    other.prepare("INSERT INTO audit_events (at, kind, outcome) VALUES (1, 'test', 'success')").run()
    writeFileSync(join(dir, 'settings.json'), '{}')
    writeFileSync(join(dir, 'app.lock'), String(process.pid))
    const files = [
      DATABASE_FILE_NAME,
      `${DATABASE_FILE_NAME}-wal`,
      `${DATABASE_FILE_NAME}-shm`,
      'settings.json',
      'app.lock'
    ]
    for (const name of files) chmodSync(join(dir, name), 0o644)
    chmodSync(dir, 0o755)

    const warnings: string[] = []
    openIn(dir, warnings)
    expect(warnings).toEqual([])
    expect(modeOf(dir)).toBe(0o700)
    for (const name of files) expect(modeOf(join(dir, name)), name).toBe(0o600)
  })

  it('a folder of another user that others can read: the app starts, warns, and still makes its own files 0600', (context) => {
    if (!IS_ROOT) {
      console.warn('Skipped (not root): a folder of another user needs root to run the app as the user nobody.')
      context.skip()
    }
    // Run as root here, so the other user is `nobody` in a child process and the folder is root's.
    const parent = tempDir()
    const dir = join(parent, 'shared')
    mkdirSync(dir)
    chmodSync(dir, 0o777)
    chmodSync(parent, 0o755)
    const outcome = openAsOtherUser(dir)
    expect(outcome.stdout + outcome.stderr).toContain('opened')
    expect(outcome.status).toBe(0)
    expect(outcome.stderr).toContain(
      `Warning: ${dir} can be read by other users (mode 0777) and belongs to another user`
    )
    expect(outcome.stderr).toContain(`chmod 0700 '${dir}'`)
    expect(statSync(dbFile(dir)).uid).toBe(NOBODY)
    expect(modeOf(dbFile(dir))).toBe(0o600)
    expect(modeOf(dir), 'not the app’s to change').toBe(0o777)
  })

  it('a database the user may not write is refused with a message naming it and saying what to do', () => {
    const parent = tempDir()
    const dir = join(parent, 'data')
    openIn(dir).close()
    // So the other user can look in, but not write.
    chmodSync(parent, 0o755)
    chmodSync(dir, 0o755)
    let message: string
    if (IS_ROOT) {
      // Root may write anything: ask an ordinary user's process instead.
      const outcome = openAsOtherUser(dir)
      expect(outcome.status).toBe(2)
      message = outcome.stderr
    } else {
      chmodSync(dbFile(dir), 0o400)
      message = refusal(dir)
    }
    expect(message).toContain(`${dbFile(dir)} cannot be opened for writing: permission denied`)
    expect(message).toContain('--data-dir')
  })
})

describe('bad files', () => {
  it('a database from a newer version is refused before anything is written: same bytes, no -wal', () => {
    const dir = tempDir()
    // As a newer version would leave it: WAL mode, a schema this version does not know.
    writeRawDatabase(dbFile(dir), (db) => {
      db.pragma('journal_mode = WAL')
      db.exec('CREATE TABLE from_the_future (x INTEGER)')
      db.pragma(`user_version = ${MIGRATIONS.length + 1}`)
    })
    expect(existsSync(`${dbFile(dir)}-wal`)).toBe(false)
    const message = refusal(dir)
    expect(message).toContain(`${dbFile(dir)} was written by a newer version of Local Accounts`)
    expect(message).toContain('Nothing was changed')
    expect(existsSync(`${dbFile(dir)}-shm`)).toBe(false)
  })

  it('a newer database in the old journal mode is not switched to WAL either', () => {
    const dir = tempDir()
    writeRawDatabase(dbFile(dir), (db) => db.pragma(`user_version = ${MIGRATIONS.length + 5}`))
    expect(refusal(dir)).toMatch(/newer version of Local Accounts \(schema \d+; this version knows \d+\)/)
    const check = new Database(dbFile(dir), { readonly: true })
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete')
    check.close()
  })

  it('a zero-byte database is refused with a message, not taken for a first run where anyone becomes administrator', () => {
    const dir = tempDir()
    writeFileSync(dbFile(dir), '')
    const message = refusal(dir)
    expect(message).toContain(`${dbFile(dir)} is empty (0 bytes)`)
    expect(message).toContain('Restore it from a backup')
    expect(statSync(dbFile(dir)).size).toBe(0)
    // The whole app refuses too: no first-run screen is ever offered.
    expect(() => createAppCore({ dataDir: dir, resourcesDir: RESOURCES_DIR, env: {} })).toThrow(/is empty \(0 bytes\)/)
  })

  it('an SQLite file without the accounts schema (another program’s) is refused, not migrated into', () => {
    const dir = tempDir()
    writeRawDatabase(dbFile(dir), (db) => db.exec('CREATE TABLE notes (text TEXT)'))
    expect(refusal(dir)).toContain(`${dbFile(dir)} is not a Local Accounts database`)
    const check = new Database(dbFile(dir), { readonly: true })
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'users'").get()).toEqual({ n: 0 })
    check.close()
  })

  it('a file that is not a database is refused as damaged, unchanged', () => {
    const dir = tempDir()
    writeFileSync(dbFile(dir), Buffer.alloc(8192, 'not a database '))
    const message = refusal(dir)
    expect(message).toContain(`${dbFile(dir)} is damaged or is not a database`)
    expect(message).toContain('Restore it from a backup')
  })

  it('a database whose schema page is damaged is refused with the same advice, and the connection closed', () => {
    const dir = tempDir()
    openIn(dir).close()
    const bytes = readFileSync(dbFile(dir))
    bytes.fill(0x41, 100, 4096) // keeps the header, wrecks the schema table on page 1
    writeFileSync(dbFile(dir), bytes)
    const message = refusal(dir)
    expect(message).toContain(`${dbFile(dir)} is damaged or is not a database`)
  })

  it('a folder where the database file should be is refused by name', () => {
    const dir = tempDir()
    mkdirSync(dbFile(dir))
    expect(refusal(dir)).toContain(`${dbFile(dir)} is a folder, not a database file`)
  })

  it('a data folder that is a file is refused by name, and so is a path through a file', () => {
    const file = join(tempDir(), 'data')
    writeFileSync(file, 'x')
    expect(() => openIn(file)).toThrow(`The data folder ${file} is a file, not a folder`)
    expect(() => openIn(join(file, 'inner'))).toThrow(/part of its path is a file, not a folder.*--data-dir/)
    expect(readFileSync(file, 'utf8')).toBe('x')
  })

  it('a full disk is named as such (a real SQLITE_FULL and a real ENOSPC)', () => {
    const dir = tempDir()
    const db = new Database(join(dir, 'small.sqlite3'))
    db.pragma('max_page_count = 2')
    let full: unknown
    try {
      db.exec('CREATE TABLE a (x BLOB); INSERT INTO a VALUES (randomblob(100000))')
    } catch (error) {
      full = error
    }
    db.close()
    expect((full as { code: string }).code).toBe('SQLITE_FULL')
    const file = dbFile(dir)
    expect(explainDatabaseError(full, file).message).toBe(
      `The disk holding ${file} is full. Free some space on it, then start Local Accounts again.`
    )
    if (existsSync('/dev/full')) {
      let enospc: unknown
      try {
        writeFileSync('/dev/full', 'x')
      } catch (error) {
        enospc = error
      }
      expect(explainDatabaseError(enospc, file).message).toContain(`The disk holding ${file} is full`)
    }
  })
})

describe('settings.json', () => {
  it('is read with a UTF-8 byte-order mark at the start (as Notepad saves it)', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'settings.json'), '\uFEFF{ "lockout": { "maxFailures": 3 } }', 'utf8')
    expect(readFileSync(join(dir, 'settings.json'))[0]).toBe(0xef)
    expect(loadSettings(dir, {}).lockout.maxFailures).toBe(3)
  })
})
