import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseCsv } from '../../src/main/core/admin/csv'
import type { ExportPage } from '../../src/shared/admin-views'
import { call, dataOf, fieldCodes } from '../helpers/accounts'
import { CLI_TEST, runScript } from '../helpers/cli'
import { appWindow, makeTestCore, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'

let core: TestCore | undefined
afterEach(() => core?.dispose())

const ADMIN = appWindow('admin-window')
const DAY = 24 * 3600

/**
 * Moves the clock by `hours` hours (and `extraSeconds`) while the administrator's window, and the
 * signed-in `others`, stay in use every few hours (sessions end after at most a day idle).
 */
async function passHours(opened: TestCore, hours: number, extraSeconds = 0, others: string[] = []): Promise<void> {
  opened.clock.advanceSeconds(extraSeconds)
  for (let hour = 0; hour < hours; hour += 6) {
    opened.clock.advanceSeconds(Math.min(6, hours - hour) * 3600)
    dataOf(await call(opened, ADMIN, 'adminListAudit', { user: '', kind: '', offset: 0, limit: 1 }))
    for (const window of others) dataOf(await call(opened, appWindow(window), 'twoFactorStatus', {}))
  }
}

/** Events on three days: 2026-01-01 sign-ups, 01-02 a failed and a right login, 01-03 a log-out. */
async function threeDays(): Promise<TestCore> {
  const opened = makeTestCore({ sessions: { idleTimeoutInSeconds: DAY, lifetimeInSeconds: 30 * DAY } })
  await withUser(opened, 'alice')
  await passHours(opened, 24, 3661)
  await call(opened, appWindow('x'), 'logIn', { identifier: 'alice', password: 'wrong-=cmd|calc-1' })
  dataOf(await call(opened, appWindow('y'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD }))
  await passHours(opened, 24, 0, ['y'])
  dataOf(await call(opened, appWindow('y'), 'logOut', {}))
  return opened
}

const list = (opened: TestCore, filter: Record<string, string>) =>
  call(opened, ADMIN, 'adminListAudit', { user: '', kind: '', offset: 0, limit: 100, ...filter })

describe('the Audit trail filter and Export CSV', () => {
  it('filters by From and To days (both included), Outcome and a Search over names and details', async () => {
    core = await threeDays()
    const kinds = async (filter: Record<string, string>) =>
      dataOf(await list(core!, filter)).rows.map((row) => row.kind)
    expect(await kinds({ from: '2026-01-02', to: '2026-01-02' })).toEqual(['login', 'login'])
    expect(await kinds({ from: '2026-01-03' })).toEqual(['logout'])
    // withUser and withFirstAdmin confirm the password after signing up (Confirm it's you).
    expect(await kinds({ to: '2026-01-01' })).toEqual([
      'reauthenticated',
      'sign_up',
      'reauthenticated',
      'first_admin_created'
    ])
    expect(await kinds({ outcome: 'failure' })).toEqual(['login'])
    expect(await kinds({ search: 'WRONG CRED' })).toEqual(['login'])
    expect(await kinds({ search: '%' })).toEqual([])
    expect(fieldCodes(await list(core, { from: '2 January' }))).toEqual({ from: ['date_invalid'] })
  })

  it('exports the current filter as CSV, times to the second, page by page', async () => {
    core = await threeDays()
    let csv = ''
    for (let offset: number | null = 0; offset !== null;) {
      const page: ExportPage = dataOf(
        await call(core, ADMIN, 'adminExportAuditPage', { user: 'alice', kind: 'login', offset })
      )
      csv += page.csv
      offset = page.next
    }
    const [header, ...rows] = parseCsv(csv)
    expect(header).toEqual(['time', 'kind', 'outcome', 'actor', 'subject', 'detail'])
    expect(rows).toEqual([
      ['2026-01-02T01:01:01Z', 'login', 'success', 'alice', 'alice', ''],
      ['2026-01-02T01:01:01Z', 'login', 'failure', '', 'alice', 'wrong credentials']
    ])
  })
})

describe('npm run audit -- export', CLI_TEST, () => {
  it('writes csv or jsonl since a day, oldest first, to a private file', async () => {
    core = await threeDays()
    const out = join(core.dataDir, 'audit.csv')
    const csv = await runScript('audit', ['export', '--since', '2026-01-02', '--out', out, '--data-dir', core.dataDir])
    expect(csv.stderr).toContain('Exported 3 audit events')
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect(parseCsv(readFileSync(out, 'utf8')).map((row) => row[1])).toEqual(['kind', 'login', 'login', 'logout'])
    const jsonl = await runScript('audit', ['export', '--format', 'jsonl', '--data-dir', core.dataDir])
    expect(jsonl.status).toBe(0)
    const events = jsonl.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; time: string })
    expect(events[0]).toMatchObject({ kind: 'first_admin_created', time: '2026-01-01T00:00:00Z' })
    expect(events.map((event) => event.kind)).toContain('audit_export')
  })
})
