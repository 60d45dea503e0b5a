import { afterEach, describe, expect, it } from 'vitest'
import { call, dataOf, errorOf } from '../helpers/accounts'
import { appWindow, makeTestCore, withUser, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

describe('log-out', () => {
  it('ends the session even when writing its audit event fails', async () => {
    core = makeTestCore()
    const { window } = await withUser(core, 'alice')
    // A real failure inside SQLite at the audit insert, as a full disk or an I/O error would give.
    core.services.db.exec(`CREATE TEMP TRIGGER audit_fails BEFORE INSERT ON main.audit_events WHEN NEW.kind = 'logout'
      BEGIN SELECT RAISE(ABORT, 'disk I/O error while auditing'); END`)

    const answer = await call(core, appWindow(window), 'logOut', {})
    expect(errorOf(answer).code).toBe('internal_error')
    expect(core.services.db.prepare('SELECT count(*) AS n FROM sessions WHERE window_id = ?').get(window)).toEqual({
      n: 0
    })
    expect(dataOf(await call(core, appWindow(window), 'getSession', {})).user).toBeNull()
    expect(errorOf(await call(core, appWindow(window), 'reportActivity', {})).code).toBe('not_signed_in')
  })
})
