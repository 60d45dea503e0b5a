import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE_NAME } from '../../src/main/db/database'
import { parseDjangoTime } from '../../scripts/lib/django-source'
import { CHEAP_HASHING, openTestCore, withUser, type TestCore } from '../helpers/core'
import {
  DJANGO_DUMPDATA,
  DJANGO_SQLITE,
  DJANGO_USER_COUNT,
  IMPORTED_WITH_PASSWORD,
  runImport,
  SKIPPED,
  startImport,
  UNUSABLE
} from '../helpers/django-fixtures'

/** Each run is a real `tsx` process (about a second of CPU); a busy machine needs the room. */
const CLI_TEST = { timeout: 120_000 }
const IMPORTED = [...Object.keys(IMPORTED_WITH_PASSWORD), UNUSABLE.username]

let dataDir: string
const opened: TestCore[] = []

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-django-'))
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ passwordHashing: CHEAP_HASHING }))
})

afterEach(() => {
  for (const core of opened.splice(0)) core.close()
  rmSync(dataDir, { recursive: true, force: true })
})

function importInto(folder: string, from: string, ...flags: string[]) {
  const outcome = runImport(['--from', from, '--data-dir', folder, ...flags])
  expect(outcome.stderr).toBe('')
  expect(outcome.status).toBe(0)
  return outcome.stdout
}

interface DjangoRow {
  username: string
  email: string
  password: string
  is_superuser: number
  is_staff: number
  is_active: number
  date_joined: string
  last_login: string | null
}

function djangoRows(): DjangoRow[] {
  const db = new Database(DJANGO_SQLITE, { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT * FROM auth_user ORDER BY id').all() as DjangoRow[]
  } finally {
    db.close()
  }
}

/** The data folder's tables, read with a connection of the test's own (the CLI has exited). */
function readTable<T>(folder: string, sql: string): T[] {
  const db = new Database(join(folder, DATABASE_FILE_NAME), { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

interface UserRow {
  username: string
  email: string
  password_hash: string | null
  is_admin: number
  is_active: number
  created_at: number
  last_login_at: number | null
  source: string
}

const usersOf = (folder: string) => readTable<UserRow>(folder, 'SELECT * FROM users ORDER BY id')
const importEvents = (folder: string) =>
  readTable<{ detail: string; outcome: string; actor_username: string | null }>(
    folder,
    "SELECT detail, outcome, actor_username FROM audit_events WHERE kind = 'django_import' ORDER BY id"
  )

/** The report's line for one Django user (each appears exactly once). */
function lineFor(report: string, username: string): string {
  const lines = report
    .split('\n')
    .filter((line) => line.startsWith(`  ${username}:`) || line.startsWith(`  ${username} (`))
  expect(lines, `report lines for ${username}`).toHaveLength(1)
  return lines[0]
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('npm run import-django', () => {
  it(
    'imports a Django SQLite database: each user imported or skipped with its reason, hashes as Django wrote them',
    CLI_TEST,
    () => {
      const report = importInto(dataDir, DJANGO_SQLITE)
      expect(report).toContain(`Imported ${IMPORTED.length} of ${DJANGO_USER_COUNT} Django users:`)
      expect(report).toContain(`Skipped ${Object.keys(SKIPPED).length} users:`)
      for (const name of IMPORTED) expect(lineFor(report, name)).not.toMatch(/taken|blank|breaks/)
      for (const [name, reason] of Object.entries(SKIPPED)) expect(lineFor(report, name)).toMatch(reason)
      expect(lineFor(report, 'heidi_inactive')).toContain('deactivated (inactive in Django)')
      expect(lineFor(report, 'carol_argon')).toContain('password kept (Django argon2;')
      expect(report).toMatch(/can only get in by a password reset.*: grace_unusable$/m)
      expect(report).toMatch(/Staff in Django, imported as ordinary users .*: ivan_staff$/m)
      expect(report).toMatch(/first and last names .* admin \(Ada Admin\), alice \(Alice Liddell\)$/m)
      expect(report).not.toMatch(/pbkdf2_sha256\$\d+\$/)

      const django = new Map(djangoRows().map((row) => [row.username, row]))
      const rows = usersOf(dataDir)
      expect(rows.map((row) => row.username).sort()).toEqual([...IMPORTED].sort())
      for (const row of rows) {
        const original = django.get(row.username) as DjangoRow
        expect(row.source).toBe('django')
        expect(row.email).toBe(original.email)
        expect(row.password_hash).toBe(row.username === UNUSABLE.username ? null : original.password)
        expect(row.is_admin).toBe(original.is_superuser)
        expect(row.is_active).toBe(original.is_active)
        expect(row.created_at).toBe(parseDjangoTime(original.date_joined))
        expect(row.last_login_at).toBe(parseDjangoTime(original.last_login))
      }
      expect(rows.find((row) => row.username === 'admin')).toMatchObject({
        is_admin: 1,
        created_at: Date.UTC(2019, 2, 1, 9, 30, 15, 123),
        last_login_at: Date.UTC(2026, 9, 2, 17, 45)
      })

      expect(importEvents(dataDir)).toEqual([
        {
          outcome: 'success',
          actor_username: null,
          detail: `from django.sqlite3 (Django SQLite database): ${IMPORTED.length} imported (1 administrators), 4 skipped, 1 can only get in by a password reset`
        }
      ])
    }
  )

  it('imports the same from dumpdata JSON as from the SQLite database', CLI_TEST, () => {
    const other = mkdtempSync(join(tmpdir(), 'local-accounts-django-json-'))
    try {
      const fromSqlite = importInto(dataDir, DJANGO_SQLITE)
      const fromJson = importInto(other, DJANGO_DUMPDATA)
      const body = (report: string) => report.split('\n').slice(2).join('\n')
      expect(body(fromJson)).toBe(body(fromSqlite))
      expect(fromJson).toContain('Source: users.json (Django dumpdata JSON)')
      expect(usersOf(other)).toEqual(usersOf(dataDir))
      expect(importEvents(other)[0].detail).toMatch(/^from users\.json \(Django dumpdata JSON\): 10 imported/)
    } finally {
      rmSync(other, { recursive: true, force: true })
    }
  })

  it('imports nothing the second time, and says why for every user', CLI_TEST, () => {
    importInto(dataDir, DJANGO_SQLITE)
    const before = usersOf(dataDir)
    const again = importInto(dataDir, DJANGO_DUMPDATA)
    expect(again).toContain(`Imported 0 of ${DJANGO_USER_COUNT} Django users.`)
    for (const name of IMPORTED) expect(lineFor(again, name)).toMatch(/: already imported from Django$/)
    for (const [name, reason] of Object.entries(SKIPPED)) expect(lineFor(again, name)).toMatch(reason)
    expect(usersOf(dataDir)).toEqual(before)
    expect(importEvents(dataDir).map((event) => event.detail)).toEqual([
      expect.stringMatching(/: 10 imported/),
      expect.stringMatching(/: 0 imported \(0 administrators\), 14 skipped, 0 can only/)
    ])
  })

  it(
    'two imports at once into one folder: one brings everyone, the other nothing, and nobody twice',
    CLI_TEST,
    async () => {
      const outcomes = await Promise.all([
        startImport(['--from', DJANGO_SQLITE, '--data-dir', dataDir]),
        startImport(['--from', DJANGO_DUMPDATA, '--data-dir', dataDir])
      ])
      expect(outcomes.map((outcome) => [outcome.status, outcome.stderr])).toEqual([
        [0, ''],
        [0, '']
      ])
      const imported = outcomes.map((outcome) => Number(/Imported (\d+) of/.exec(outcome.stdout)?.[1]))
      expect(imported.sort()).toEqual([0, IMPORTED.length])
      expect(usersOf(dataDir)).toHaveLength(IMPORTED.length)
      expect(importEvents(dataDir)).toHaveLength(2)
    }
  )

  it(
    '--dry-run prints the same report and writes nothing: the database file keeps its checksum',
    CLI_TEST,
    async () => {
      const core = openTestCore(dataDir)
      await withUser(core, 'ALICE')
      core.close()
      const file = join(dataDir, DATABASE_FILE_NAME)
      const checksum = sha256(file)
      const files = readdirSync(dataDir).sort()

      const dryRun = importInto(dataDir, DJANGO_SQLITE, '--dry-run')
      expect(sha256(file)).toBe(checksum)
      expect(readdirSync(dataDir).sort()).toEqual(files)
      expect(dryRun).toContain('Dry run: this is what an import would do; nothing was written.')
      // The account already here counts: Django's alice is reported as taken.
      expect(lineFor(dryRun, 'alice')).toMatch(/username taken here/)

      const real = importInto(dataDir, DJANGO_SQLITE)
      expect(dryRun.replace(/^Dry run: .*\n/m, '')).toBe(real)
      expect(sha256(file)).not.toBe(checksum)
    }
  )

  it('--dry-run sees what a running app has not yet checkpointed, and leaves its files alone', CLI_TEST, async () => {
    const running = openTestCore(dataDir)
    opened.push(running)
    await withUser(running, 'frank_old')
    const file = join(dataDir, DATABASE_FILE_NAME)
    expect(existsSync(`${file}-wal`)).toBe(true)
    const checksums = [file, `${file}-wal`].map(sha256)

    const dryRun = importInto(dataDir, DJANGO_DUMPDATA, '--dry-run')
    expect(lineFor(dryRun, 'frank_old')).toMatch(/username taken here/)
    expect([file, `${file}-wal`].map(sha256)).toEqual(checksums)
    expect(running.services.users.count()).toBe(2)
  })

  it('--dry-run on a folder that does not exist creates nothing', CLI_TEST, () => {
    const missing = join(dataDir, 'not-yet')
    const dryRun = importInto(missing, DJANGO_SQLITE, '--dry-run')
    expect(dryRun).toContain(`Imported ${IMPORTED.length} of ${DJANGO_USER_COUNT} Django users:`)
    expect(existsSync(missing)).toBe(false)
  })

  it('makes Django staff administrators only with --staff-as-admin', CLI_TEST, () => {
    const report = importInto(dataDir, DJANGO_SQLITE, '--staff-as-admin')
    expect(lineFor(report, 'ivan_staff')).toMatch(/: administrator;/)
    expect(report).not.toContain('Staff in Django, imported as ordinary users')
    const admins = usersOf(dataDir)
      .filter((row) => row.is_admin === 1)
      .map((row) => row.username)
    expect(admins).toEqual(['admin', 'ivan_staff'])
    expect(importEvents(dataDir)[0].detail).toContain('(2 administrators)')
  })

  it(
    'leaves an account already here alone: the Django user of that name is skipped, not merged',
    CLI_TEST,
    async () => {
      const core = openTestCore(dataDir)
      await withUser(core, 'Alice')
      const local = core.services.users.byUsernameKey('alice')
      core.close()

      const report = importInto(dataDir, DJANGO_SQLITE)
      expect(lineFor(report, 'alice')).toMatch(/username taken here/)
      // Django's "Alice" is a different person from the Alice already here, and is skipped too.
      expect(lineFor(report, 'Alice')).toMatch(/username taken here/)
      const alice = usersOf(dataDir).find((row) => row.username === 'Alice') as UserRow
      expect(alice).toMatchObject({ source: 'local', password_hash: local?.passwordHash, email: 'alice@example.com' })
      // trent's email (ALICE@example.com) belongs to the Alice already here.
      expect(lineFor(report, 'trent')).toMatch(/email address already used/)
    }
  )

  it('refuses a file that is not Django’s users, says why, and creates nothing', CLI_TEST, () => {
    const folder = join(dataDir, 'app')
    const notDjango = runImport(['--from', join(__dirname, '../../package.json'), '--data-dir', folder])
    expect(notDjango.status).toBe(1)
    expect(notDjango.stderr).toMatch(/^Error: .*package\.json is not the output of manage\.py dumpdata/)

    const core = openTestCore(join(dataDir, 'other'))
    core.close()
    const ours = runImport(['--from', join(dataDir, 'other', DATABASE_FILE_NAME), '--data-dir', folder])
    expect(ours.status).toBe(1)
    expect(ours.stderr).toMatch(/has no auth_user table/)

    const noSource = runImport(['--data-dir', folder])
    expect(noSource.status).toBe(1)
    expect(noSource.stderr).toMatch(/^Error: --from PATH is required/)
    expect(existsSync(folder)).toBe(false)
  })
})
