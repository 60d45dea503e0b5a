import { afterEach, describe, expect, it } from 'vitest'
import { call, dataOf, errorOf, rawDatabaseBytes } from '../helpers/accounts'
import { appWindow, makeTestCore, signUpInput, STRONG_PASSWORD, withFirstAdmin, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

interface AuditRow {
  at: number
  kind: string
  outcome: string
  actor_username: string | null
  subject_username: string | null
  detail: string | null
}

const events = (): AuditRow[] =>
  core.services.db
    .prepare('SELECT at, kind, outcome, actor_username, subject_username, detail FROM audit_events ORDER BY id')
    .all() as AuditRow[]

const NEW_PASSWORD = 'copper-Lantern-58-softly'
const WRONG_PASSWORD = 'Wrong-guess-for-Alice-9'
const UNKNOWN_PASSWORD = 'Guess-for-a-ghost-4411'

async function everyKindOfEvent(): Promise<void> {
  core = makeTestCore()
  await withFirstAdmin(core)
  const w = appWindow('w1')
  core.clock.advanceSeconds(10)
  dataOf(await call(core, w, 'signUp', signUpInput('alice')))
  dataOf(await call(core, w, 'logOut', {}))
  errorOf(await call(core, w, 'logIn', { identifier: 'alice', password: WRONG_PASSWORD }))
  errorOf(await call(core, w, 'logIn', { identifier: 'ghost', password: UNKNOWN_PASSWORD }))
  dataOf(await call(core, w, 'logIn', { identifier: 'alice@example.com', password: STRONG_PASSWORD }))
  errorOf(
    await call(core, w, 'changePassword', {
      oldPassword: WRONG_PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD
    })
  )
  dataOf(
    await call(core, w, 'changePassword', {
      oldPassword: STRONG_PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirmation: NEW_PASSWORD
    })
  )
}

describe('the audit trail', () => {
  it('records sign-up, login success and failure, logout and password change, with time and actor', async () => {
    await everyKindOfEvent()
    const at = core.clock.now()
    // withFirstAdmin confirms the administrator's password (Confirm it's you) after creating it.
    const trail = events().filter((e) => e.kind !== 'first_admin_created' && e.kind !== 'reauthenticated')
    expect(trail).toEqual([
      { at, kind: 'sign_up', outcome: 'success', actor_username: 'alice', subject_username: 'alice', detail: null },
      { at, kind: 'logout', outcome: 'success', actor_username: 'alice', subject_username: 'alice', detail: null },
      expect.objectContaining({ at, kind: 'login', outcome: 'failure', subject_username: 'alice' }),
      expect.objectContaining({
        at,
        kind: 'login',
        outcome: 'failure',
        subject_username: null,
        detail: 'wrong credentials (unknown name)'
      }),
      expect.objectContaining({
        at,
        kind: 'login',
        outcome: 'success',
        actor_username: 'alice',
        subject_username: 'alice'
      }),
      expect.objectContaining({ at, kind: 'password_change', outcome: 'failure', actor_username: 'alice' }),
      expect.objectContaining({ at, kind: 'password_change', outcome: 'success', actor_username: 'alice' })
    ])
    expect(events()[0]).toMatchObject({ kind: 'first_admin_created', subject_username: 'admin' })
  })

  it('records the lockout of an unknown name as an unknown name, without the text typed', async () => {
    core = makeTestCore({ lockout: { maxFailures: 2 } })
    await withFirstAdmin(core)
    for (let attempt = 0; attempt < 3; attempt++) {
      await call(core, appWindow(), 'logIn', { identifier: 'Nobody-Here', password: UNKNOWN_PASSWORD })
    }
    const trail = events()
      .filter((e) => e.kind === 'login' || e.kind === 'lockout')
      .map((e) => `${e.kind}:${e.outcome}:${e.subject_username}:${e.detail}`)
    expect(trail).toEqual([
      'login:failure:null:wrong credentials (unknown name)',
      'login:failure:null:wrong credentials (unknown name)',
      'lockout:success:null:unknown name',
      'login:failure:null:locked out (unknown name)'
    ])
    expect(JSON.stringify(events()).toLowerCase()).not.toContain('nobody-here')
  })

  it('never holds a password in any column, nor anywhere in the database file', async () => {
    await everyKindOfEvent()
    const passwords = [STRONG_PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, UNKNOWN_PASSWORD]
    const rows = core.services.db.prepare('SELECT * FROM audit_events').all() as Record<string, unknown>[]
    expect(rows.length).toBeGreaterThanOrEqual(8)
    for (const row of rows) {
      for (const value of Object.values(row)) {
        for (const password of passwords) expect(String(value)).not.toContain(password)
        expect(String(value)).not.toContain('$argon2')
      }
    }
    const bytes = rawDatabaseBytes(core.dataDir)
    for (const password of passwords) expect(bytes.includes(password), password).toBe(false)
  })
})
