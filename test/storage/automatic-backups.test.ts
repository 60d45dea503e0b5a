import Database from 'better-sqlite3'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTestCore, ManualTimers, withUser, type TestCore } from '../helpers/core'

let core: TestCore | undefined

afterEach(() => core?.dispose())

/** Automatic backups are checked hourly (other jobs, such as the daily unused-accounts check, run too). */
const HOUR_MS = 3600_000

const backupsOf = (dataDir: string): string[] => readdirSync(join(dataDir, 'backups')).sort()

describe('automatic backups (backup: { everyHours, keep })', () => {
  it('backs up when the newest backup is everyHours old, keeps the newest `keep`, each a whole private copy', async () => {
    const timers = new ManualTimers()
    core = makeTestCore({ backup: { everyHours: 24, keep: 2 } }, { timers })
    const { backups } = core.services
    // One at start-up (this waits for it), then checked hourly.
    await backups.backUpNow()
    expect(backups.list().map((backup) => backup.name)).toEqual(['local-accounts-2026-01-01T00-00-00Z.sqlite3'])
    expect(timers.jobs.map((entry) => entry.milliseconds)).toContain(HOUR_MS)
    await withUser(core, 'alice')
    expect(await backups.runDue()).toBeNull() // not due again the same day
    for (let day = 1; day <= 3; day++) {
      core.clock.advanceSeconds(23 * 3600)
      expect(await backups.runDue()).toBeNull()
      core.clock.advanceSeconds(3600)
      expect(await backups.runDue()).not.toBeNull()
    }
    const names = backupsOf(core.dataDir)
    expect(names).toEqual([
      'local-accounts-2026-01-03T00-00-00Z.sqlite3',
      'local-accounts-2026-01-04T00-00-00Z.sqlite3'
    ])
    expect(backups.list().map((backup) => backup.name)).toEqual([...names].reverse())
    for (const name of names) {
      const file = join(core.dataDir, 'backups', name)
      expect(statSync(file).mode & 0o777).toBe(0o600)
      const copy = new Database(file, { readonly: true })
      expect(copy.prepare('SELECT username FROM users ORDER BY username').pluck().all()).toEqual(['admin', 'alice'])
      copy.close()
    }
    const audited = core.services.audit.list({ user: '', kind: 'backup', offset: 0, limit: 10 })
    expect(audited.total).toBeGreaterThanOrEqual(4)
    expect(audited.rows[0].detail).toMatch(/^automatic: local-accounts-2026-01-04T00-00-00Z\.sqlite3 \(\d+ bytes\)$/)
  })

  it('makes none without the setting; Back up now still works', async () => {
    const timers = new ManualTimers()
    core = makeTestCore({}, { timers })
    expect(timers.jobs.map((entry) => entry.milliseconds)).not.toContain(HOUR_MS)
    expect(await core.services.backups.runDue()).toBeNull()
    expect(core.services.backups.list()).toEqual([])
    const made = await core.services.backups.backUpNow()
    expect(core.services.backups.list()).toEqual([made])
    expect(made.bytes).toBeGreaterThan(0)
  })
})
