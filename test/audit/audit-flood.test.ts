import { afterEach, describe, expect, it } from 'vitest'
import { REFUSAL_ROWS_PER_MINUTE, SEPARATE_ROWS } from '../../src/main/core/audit/repeat-folding'
import { call, errorOf } from '../helpers/accounts'
import { appWindow, makeTestCore, openTestCore, withFirstAdmin, type TestCore } from '../helpers/core'

const cores: TestCore[] = []
afterEach(() => {
  for (const core of cores.splice(0).reverse()) core.close()
})

interface Row {
  kind: string
  detail: string | null
  repeat_count: number
}

const loginRows = (core: TestCore): Row[] =>
  core.services.db
    .prepare("SELECT kind, detail, repeat_count FROM audit_events WHERE kind IN ('login', 'lockout') ORDER BY id")
    .all() as Row[]

const tries = (rows: Row[], detail: string): number =>
  rows.filter((row) => row.detail === detail).reduce((sum, row) => sum + row.repeat_count, 0)

/** `total` logIn calls in bursts of `burst` at once, each from a window of its own. */
async function flood(core: TestCore, total: number, burst: number, identifier: (i: number) => string): Promise<void> {
  for (let start = 0; start < total; start += burst) {
    const answers = await Promise.all(
      Array.from({ length: burst }, (_, j) =>
        call(core, appWindow(`attacker-${start + j}`), 'logIn', {
          identifier: identifier(start + j),
          password: 'guess-1'
        })
      )
    )
    for (const answer of answers) expect(['locked_out', 'invalid_credentials']).toContain(errorOf(answer).code)
  }
}

describe('a flood of refused logins', () => {
  it('against a locked name: 5,000 tries in bursts make a bounded number of rows, and the count shows', async () => {
    const core = makeTestCore()
    cores.push(core)
    await withFirstAdmin(core)
    await flood(core, 5, 1, () => 'admin')
    const before = loginRows(core).length
    await flood(core, 5000, 500, () => 'admin')
    const rows = loginRows(core)
    expect(rows.length - before).toBeLessThanOrEqual(SEPARATE_ROWS + 1)
    // Every refused try is still counted, on the rows the trail keeps (written at least when read).
    const page = core.services.audit.list({ user: 'admin', kind: 'login', offset: 0, limit: 50 })
    expect(tries(loginRows(core), 'locked out')).toBe(5000)
    expect(page.rows[0].detail).toMatch(/^locked out \(\d+ times, the last at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)$/)
  })

  it('with made-up names: each name tried once still makes a bounded number of rows', async () => {
    const core = makeTestCore()
    cores.push(core)
    await withFirstAdmin(core)
    await flood(core, 1000, 100, (i) => `nobody-${i}`)
    const rows = loginRows(core)
    expect(rows.length).toBeLessThanOrEqual(SEPARATE_ROWS + 1)
    core.services.audit.list({ user: '', kind: '', offset: 0, limit: 1 })
    expect(tries(loginRows(core), 'wrong credentials (unknown name)')).toBe(1000)
  })

  it('past the rate limit, distinct refusals fold into one row per kind; a new minute records again', async () => {
    const core = makeTestCore({ lockout: { maxFailures: 100 } })
    cores.push(core)
    await withFirstAdmin(core)
    const audit = core.services.audit
    for (let i = 0; i < 3 * REFUSAL_ROWS_PER_MINUTE; i++) {
      audit.record({ kind: 'login', outcome: 'failure', subject: { id: i, username: `user${i}` }, detail: 'x' })
    }
    const count = (): number =>
      (
        core.services.db
          .prepare("SELECT count(*) AS n FROM audit_events WHERE kind = 'login' AND outcome = 'failure'")
          .get() as { n: number }
      ).n
    expect(count()).toBe(REFUSAL_ROWS_PER_MINUTE + 1)
    core.clock.advanceSeconds(60)
    audit.record({ kind: 'login', outcome: 'failure', subject: { id: 1, username: 'someone' }, detail: 'x' })
    expect(count()).toBe(REFUSAL_ROWS_PER_MINUTE + 2)
    // Successes are never folded.
    for (let i = 0; i < 20; i++) audit.record({ kind: 'logout', outcome: 'success', subject: { id: 1, username: 'a' } })
    expect(audit.list({ user: '', kind: 'logout', offset: 0, limit: 50 }).total).toBe(20)
  })

  it('a second process on the folder folds its own refusals too', async () => {
    const core = makeTestCore()
    cores.push(core)
    await withFirstAdmin(core)
    const second = openTestCore(core.dataDir, {}, { clock: core.clock })
    cores.push(second)
    await flood(core, 5, 1, () => 'admin')
    await Promise.all([flood(core, 300, 100, () => 'admin'), flood(second, 300, 100, () => 'admin')])
    expect(loginRows(core).filter((row) => row.detail === 'locked out').length).toBeLessThanOrEqual(2 * SEPARATE_ROWS)
    core.services.audit.list({ user: '', kind: '', offset: 0, limit: 1 })
    second.services.audit.list({ user: '', kind: '', offset: 0, limit: 1 })
    expect(tries(loginRows(core), 'locked out')).toBe(600)
  })
})

describe('audit retention while the app runs', () => {
  it('events past audit.retentionInDays go at the next write an hour on, without a restart', async () => {
    const core = makeTestCore({ audit: { retentionInDays: 2 } })
    cores.push(core)
    await withFirstAdmin(core)
    core.clock.advanceSeconds(3 * 24 * 60 * 60)
    await call(core, appWindow(), 'logIn', { identifier: 'admin', password: 'wrong-password-1' })
    const kinds = core.services.audit.list({ user: '', kind: '', offset: 0, limit: 10 }).rows.map((row) => row.kind)
    expect(kinds).toEqual(['login'])
  })
})
