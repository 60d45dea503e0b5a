import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { neutralise, parseCsv, csvRecord } from '../../src/main/core/admin/csv'
import { emailKey } from '../../src/main/core/accounts/identity'
import { DATABASE_FILE_NAME } from '../../src/main/db/database'
import { foldForSearch } from '../../src/main/db/search-fold'
import type { ExportPage } from '../../src/shared/admin-views'
import { seedAccounts } from '../../scripts/lib/seed-accounts'
import { call, dataOf, errorOf } from '../helpers/accounts'
import { CLI_TEST, runScript } from '../helpers/cli'
import { appWindow, makeTestCore, openTestCore, withUser, type TestCore } from '../helpers/core'
import { confirmReset, latestCode, logIn, NEW_PASSWORD, requestReset } from '../helpers/reset'

let core: TestCore | undefined
let work: string | undefined
afterEach(() => {
  core?.dispose()
  core = undefined
  if (work) rmSync(work, { recursive: true, force: true })
  work = undefined
})

const ADMIN = appWindow('admin-window')

describe('the CSV reader and writer', () => {
  it('reads quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF, with or without a BOM', () => {
    const text =
      '\uFEFFusername,email\r\n"o\'brien, jr","a""b@example.com"\r\n"two\r\nlines",x@example.com\nlast,l@example.com'
    expect(parseCsv(text)).toEqual([
      ['username', 'email'],
      ["o'brien, jr", 'a"b@example.com'],
      ['two\r\nlines', 'x@example.com'],
      ['last', 'l@example.com']
    ])
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow('line 2')
  })

  it('writes what it reads back, and neutralises cells a spreadsheet would run as formulas', () => {
    const values = ['plain', 'with, comma', 'with "quote"', 'two\nlines', '=HYPERLINK("x")', '+1', '-2', '@SUM(A1)']
    const [read] = parseCsv(csvRecord(values))
    expect(read).toEqual(values.map(neutralise))
    expect(read.slice(4)).toEqual(['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)"])
    expect(csvRecord(['a', null, true, 3])).toBe('a,,true,3\r\n')
  })
})

describe('Export CSV in the Accounts console', () => {
  it('pages through every matching row in the current sort, neutralised, and is refused to a non-administrator', async () => {
    core = makeTestCore()
    const alice = await withUser(core, 'alice')
    await withUser(core, '-evil')
    seedAccounts(core.services.db, { users: 1200, passwordHash: null, now: core.clock.now() })
    const query = { search: '', sort: 'email' as const, direction: 'desc' as const }
    let csv = ''
    let pages = 0
    for (let offset: number | null = 0; offset !== null; pages++) {
      const page: ExportPage = dataOf(await call(core, ADMIN, 'adminExportAccountsPage', { ...query, offset }))
      csv += page.csv
      offset = page.next
    }
    expect(pages).toBeGreaterThan(2)
    const [header, ...rows] = parseCsv(csv)
    expect(header).toEqual([
      'username',
      'email',
      'is_admin',
      'is_active',
      'expires_on',
      'expired',
      'locked',
      'two_factor',
      'last_login',
      'joined'
    ])
    expect(rows).toHaveLength(1203)
    // The console's sort: by the folded address (accents and case aside), then the address itself.
    const emails = rows.map((row) => row[1])
    const raw = (cell: string): string => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell)
    const sortKey = (cell: string): string => `${foldForSearch(raw(cell))}\u0000${emailKey(raw(cell))}`
    const descending = (a: string, b: string): number =>
      sortKey(a) < sortKey(b) ? 1 : sortKey(a) > sortKey(b) ? -1 : 0
    expect(emails).toEqual([...emails].sort(descending))
    expect(rows.find((row) => row[1] === "'-evil@example.com")?.[0]).toBe("'-evil")

    const searched = dataOf(
      await call(core, ADMIN, 'adminExportAccountsPage', { ...query, search: 'alice', offset: 0 })
    )
    expect(
      parseCsv(searched.csv)
        .slice(1)
        .map((row) => row[0])
    ).toEqual(['alice'])
    expect(
      errorOf(await call(core, appWindow(alice.window), 'adminExportAccountsPage', { ...query, offset: 0 })).code
    ).toBe('forbidden')
    expect(core.services.audit.list({ user: '', kind: 'accounts_export', offset: 0, limit: 10 }).total).toBe(2)
  })

  it('without a save dialog (the browser preview) saving to a file answers no_dialog and writes nothing', async () => {
    core = makeTestCore()
    const alice = await withUser(core, 'alice')
    const before = core.services.audit.list({ user: '', kind: '', offset: 0, limit: 1 }).total
    const query = { search: '', sort: 'username', direction: 'asc' } as const
    expect(dataOf(await call(core, ADMIN, 'adminExportAccountsToFile', query))).toEqual({ outcome: 'no_dialog' })
    expect(dataOf(await call(core, ADMIN, 'adminExportAuditToFile', { user: '', kind: '' }))).toEqual({
      outcome: 'no_dialog'
    })
    // The window then downloads the pages itself; nothing was exported yet, so nothing is recorded.
    expect(core.services.audit.list({ user: '', kind: '', offset: 0, limit: 1 }).total).toBe(before)
    expect(errorOf(await call(core, appWindow(alice.window), 'adminExportAccountsToFile', query)).code).toBe(
      'forbidden'
    )
  })
})

describe('npm run accounts', CLI_TEST, () => {
  it('exports csv and json to a private file', async () => {
    core = makeTestCore()
    await withUser(core, 'alice')
    const out = join(core.dataDir, 'out.csv')
    const csv = await runScript('accounts', ['export', '--format', 'csv', '--out', out, '--data-dir', core.dataDir])
    expect(csv.status).toBe(0)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect(parseCsv(readFileSync(out, 'utf8')).map((row) => row[0])).toEqual(['username', 'admin', 'alice'])
    const json = await runScript('accounts', ['export', '--format', 'json', '--data-dir', core.dataDir])
    expect(json.status).toBe(0)
    expect(
      (JSON.parse(json.stdout) as { username: string; is_admin: boolean }[]).map((row) => [row.username, row.is_admin])
    ).toEqual([
      ['admin', true],
      ['alice', false]
    ])
    const bad = await runScript('accounts', ['export', '--format', 'xml', '--data-dir', core.dataDir])
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('--format csv or json')
  })

  it('imports without passwords, reports every skipped row, writes nothing on a dry run, and the accounts get in by reset code', async () => {
    const first = makeTestCore()
    await withUser(first, 'alice')
    const dataDir = first.dataDir
    first.close()
    work = mkdtempSync(join(tmpdir(), 'local-accounts-csv-'))
    const file = join(work, 'people.csv')
    writeFileSync(
      file,
      '\uFEFFusername,email,is_admin,is_active\r\n' +
        'carol,carol@example.com,true,\r\n' +
        '"Dan, the second",dan@example.com,,\r\n' +
        'dave,dave@example.com,no,false\r\n' +
        'ALICE,other@example.com\r\n' +
        'erin,alice@example.com\r\n' +
        'frank,not-an-address\r\n' +
        'gina,gina@example.com,maybe\r\n' +
        'Carol,carol2@example.com\r\n'
    )
    const database = join(dataDir, DATABASE_FILE_NAME)
    const digest = (): string => createHash('sha256').update(readFileSync(database)).digest('hex')
    const before = digest()
    const dry = await runScript('accounts', ['import', '--from', file, '--dry-run', '--data-dir', dataDir])
    expect(dry.stderr).toBe('')
    expect(dry.stdout).toContain('Dry run')
    expect(digest()).toBe(before)

    const real = await runScript('accounts', ['import', '--from', file, '--data-dir', dataDir])
    expect(real.status).toBe(0)
    const report = real.stdout
    expect(report.replace('Dry run: this is what an import would do; nothing was written.\n', '')).toBe(report)
    expect(report).toContain('Imported 2 of 8 rows:')
    expect(report).toContain('line 2: carol: administrator; no password')
    expect(report).toContain('line 4: dave: user, deactivated; no password')
    expect(report).toMatch(/line 3: Dan, the second: .*letters/i)
    expect(report).toContain('line 5: ALICE: username taken here')
    expect(report).toContain('line 6: erin: email address already used')
    expect(report).toMatch(/line 7: frank: .*email/i)
    expect(report).toContain('line 8: gina: is_admin "maybe" is not true or false')
    expect(report).toContain('line 9: Carol: username taken here')
    // The dry run's report is the same.
    expect(dry.stdout.split('\n').slice(3)).toEqual(report.split('\n').slice(2))

    const db = new Database(database, { readonly: true })
    const carol = db.prepare("SELECT password_hash, is_admin, is_active FROM users WHERE username = 'carol'").get()
    expect(carol).toEqual({ password_hash: null, is_admin: 1, is_active: 1 })
    db.close()

    core = openTestCore(dataDir)
    expect(
      core.services.audit.list({ user: '', kind: 'accounts_import', offset: 0, limit: 5 }).rows[0].detail
    ).toContain('2 imported, 6 skipped')
    expect(errorOf(await logIn(core, 'carol', '')).code).not.toBe(undefined)
    dataOf(await requestReset(core, 'carol@example.com'))
    dataOf(await confirmReset(core, await latestCode(core, 'carol@example.com')))
    expect(dataOf(await logIn(core, 'carol', NEW_PASSWORD))).toMatchObject({
      user: { username: 'carol', isAdmin: true }
    })
  })
})
