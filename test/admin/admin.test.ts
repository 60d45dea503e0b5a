import { afterEach, describe, expect, it } from 'vitest'
import { CHANNEL_NAMES } from '../../src/shared/channels'
import { contract } from '../../src/shared/contract'
import { call, dataOf, errorOf, everyTable, fieldCodes } from '../helpers/accounts'
import { appWindow, makeTestCore, signUpInput, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'
import { adminChannelInputs, TEMPORARY_PASSWORD, type AdminChannel } from '../helpers/channel-inputs'
import { coreWithAlice, logIn } from '../helpers/login'
import { confirmReset, latestCode, mailLog, NEW_PASSWORD } from '../helpers/reset'

let core: TestCore
afterEach(() => core?.dispose())

const ADMIN = appWindow('admin-window')

const adminChannels = CHANNEL_NAMES.filter((name) => contract[name].access === 'admin') as AdminChannel[]

/** A first administrator `admin` (window admin-window) and alice, signed in in alice-window. */
async function coreWithAliceIds(): Promise<{ aliceId: number; adminId: number }> {
  core = await coreWithAlice()
  return {
    aliceId: core.services.users.byUsernameKey('alice')!.id,
    adminId: core.services.users.byUsernameKey('admin')!.id
  }
}

async function promote(name: string): Promise<{ id: number; window: string }> {
  const user = await withUser(core, name)
  dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: user.id, isAdmin: true }))
  return user
}

async function detailOf(id: number) {
  return dataOf(await call(core, ADMIN, 'adminGetAccount', { id }))
}

async function audit(kind: string) {
  return dataOf(await call(core, ADMIN, 'adminListAudit', { user: '', kind, offset: 0, limit: 100 })).rows
}

describe('who may use the Accounts console', () => {
  it('refuses every admin channel to a normal user (forbidden) and a guest (not_signed_in), changing nothing', async () => {
    const { aliceId } = await coreWithAliceIds()
    await withUser(core, 'bob')
    const aliceSession = core.services.sessions.liveSessions().find((session) => session.username === 'alice')
    const inputs = adminChannelInputs(aliceId, aliceSession?.handle)
    expect([...adminChannels].sort()).toEqual(Object.keys(inputs).sort())
    for (const channel of adminChannels) {
      for (const [window, code] of [
        [appWindow('bob-window'), 'forbidden'],
        [appWindow('guest-window'), 'not_signed_in']
      ] as const) {
        const before = everyTable(core)
        const mailsBefore = (await mailLog(core)).length
        const error = errorOf(await call(core, window, channel, inputs[channel]))
        expect({ channel, code: error.code }).toEqual({ channel, code })
        expect(everyTable(core)).toEqual(before)
        expect(await mailLog(core)).toHaveLength(mailsBefore)
      }
    }
    // The same inputs from the administrator do get through: the refusals were not about the
    // input. Deactivating and deleting alice go last, as they stop the others from working.
    // Ending alice's session goes first, before a temporary password ends it anyway.
    const first: AdminChannel[] = ['adminEndSession']
    const last: AdminChannel[] = ['adminUpdateAccount', 'adminDeleteAccount']
    const middle = adminChannels.filter((name) => !last.includes(name) && !first.includes(name))
    for (const channel of [...first, ...middle, ...last]) {
      expect({ channel, ok: (await call(core, ADMIN, channel, inputs[channel])).ok }).toEqual({ channel, ok: true })
    }
  })

  it('an administrator demoted mid-session is refused at the next call', async () => {
    await coreWithAliceIds()
    const carol = await promote('carol')
    const list = { search: '', sort: 'username', direction: 'asc', offset: 0, limit: 10 } as const
    expect((await call(core, appWindow(carol.window), 'adminListAccounts', list)).ok).toBe(true)
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: carol.id, isAdmin: false }))
    expect(errorOf(await call(core, appWindow(carol.window), 'adminListAccounts', list)).code).toBe('forbidden')
    // Still signed in as a normal user.
    expect(dataOf(await call(core, appWindow(carol.window), 'getSession', {})).user).toMatchObject({
      username: 'carol',
      isAdmin: false
    })
  })

  it('an administrator deactivated mid-session is signed out and refused at the next call', async () => {
    await coreWithAliceIds()
    const carol = await promote('carol')
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: carol.id, isActive: false }))
    const list = { search: '', sort: 'username', direction: 'asc', offset: 0, limit: 10 } as const
    expect(errorOf(await call(core, appWindow(carol.window), 'adminListAccounts', list)).code).toBe('not_signed_in')
    expect(dataOf(await call(core, appWindow(carol.window), 'getSession', {})).user).toBeNull()
  })
})

describe('the last administrator', () => {
  it('cannot remove their own role, deactivate or delete themselves while they are the only active one', async () => {
    const { adminId } = await coreWithAliceIds()
    const before = everyTable(core)
    expect(errorOf(await call(core, ADMIN, 'adminUpdateAccount', { id: adminId, isAdmin: false })).code).toBe(
      'own_admin_role'
    )
    expect(errorOf(await call(core, ADMIN, 'adminUpdateAccount', { id: adminId, isActive: false })).code).toBe(
      'last_admin'
    )
    expect(errorOf(await call(core, ADMIN, 'adminDeleteAccount', { id: adminId, confirmUsername: 'admin' })).code).toBe(
      'last_admin'
    )
    expect(everyTable(core)).toEqual(before)
    expect((await detailOf(adminId)).isAdmin).toBe(true)
  })

  it('an inactive administrator does not count; once another active one exists the first may step down', async () => {
    const { adminId } = await coreWithAliceIds()
    const carol = await promote('carol')
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: carol.id, isActive: false }))
    // carol is still an administrator, but deactivated: admin is the last active one.
    expect(errorOf(await call(core, ADMIN, 'adminUpdateAccount', { id: adminId, isActive: false })).code).toBe(
      'last_admin'
    )
    // An inactive administrator may be deleted; admin remains.
    dataOf(await call(core, ADMIN, 'adminDeleteAccount', { id: carol.id, confirmUsername: 'carol' }))

    const dave = await promote('dave')
    // Nobody removes their own role, even with another administrator around …
    expect(errorOf(await call(core, ADMIN, 'adminUpdateAccount', { id: adminId, isAdmin: false })).code).toBe(
      'own_admin_role'
    )
    // … but another administrator may demote them, and then dave is the last one.
    dataOf(await call(core, appWindow(dave.window), 'adminUpdateAccount', { id: adminId, isAdmin: false }))
    expect(
      errorOf(
        await call(core, ADMIN, 'adminListAccounts', {
          search: '',
          sort: 'username',
          direction: 'asc',
          offset: 0,
          limit: 1
        })
      ).code
    ).toBe('forbidden')
    expect(
      errorOf(await call(core, appWindow(dave.window), 'adminUpdateAccount', { id: dave.id, isActive: false })).code
    ).toBe('last_admin')
  })
})

describe('account actions', () => {
  it('creates an account validated like sign-up, not signed in anywhere, able to log in', async () => {
    await coreWithAliceIds()
    expect(
      fieldCodes(await call(core, ADMIN, 'adminCreateAccount', { ...signUpInput('ALICE', 'Zq9-x'), isAdmin: false }))
    ).toEqual({
      username: ['username_taken'],
      email: ['email_taken'],
      password: ['password_too_short']
    })
    const created = dataOf(await call(core, ADMIN, 'adminCreateAccount', { ...signUpInput('Erin'), isAdmin: true }))
    expect(created).toMatchObject({ username: 'Erin', email: 'erin@example.com', isAdmin: true, isActive: true })
    expect(Object.keys(created).sort()).toEqual(
      [
        'directoryManaged',
        'email',
        'expiresOn',
        'id',
        'isActive',
        'isAdmin',
        'isExpired',
        'isLocked',
        'joinedAt',
        'lastLoginAt',
        'lockedUntil',
        'mustChangePassword',
        'temporaryPasswordUsed',
        'twoFactor',
        'username',
        'source',
        'hasPassword',
        'legacyPasswordAlgorithm'
      ].sort()
    )
    expect(core.services.db.prepare('SELECT count(*) FROM sessions WHERE user_id = ?').pluck().get(created.id)).toBe(0)
    expect(dataOf(await logIn(core, 'erin', STRONG_PASSWORD)).user).toMatchObject({ username: 'Erin', isAdmin: true })
  })

  it('edits the email: checked like sign-up, and a reset code mailed to the old address dies', async () => {
    const { aliceId } = await coreWithAliceIds()
    await withUser(core, 'bob')
    expect(fieldCodes(await call(core, ADMIN, 'adminUpdateAccount', { id: aliceId, email: 'nope' }))).toEqual({
      email: ['email_invalid']
    })
    expect(
      fieldCodes(await call(core, ADMIN, 'adminUpdateAccount', { id: aliceId, email: 'BOB@example.com' }))
    ).toEqual({
      email: ['email_taken']
    })
    // An address that is someone's username would make login by that name find alice instead.
    const dora = { username: 'dora@example.org', email: 'dora@example.com', password: STRONG_PASSWORD }
    dataOf(
      await call(core, ADMIN, 'adminCreateAccount', { ...dora, passwordConfirmation: STRONG_PASSWORD, isAdmin: false })
    )
    expect(
      fieldCodes(await call(core, ADMIN, 'adminUpdateAccount', { id: aliceId, email: 'DORA@example.org' }))
    ).toEqual({
      email: ['email_taken']
    })
    dataOf(await call(core, ADMIN, 'adminSendResetCode', { id: aliceId }))
    const oldCode = await latestCode(core, 'alice@example.com')
    const updated = dataOf(
      await call(core, ADMIN, 'adminUpdateAccount', { id: aliceId, email: 'Alice.New@example.com' })
    )
    expect(updated.email).toBe('Alice.New@example.com')
    expect(errorOf(await confirmReset(core, oldCode)).code).toMatch(/^reset_code_/)
    expect(dataOf(await logIn(core, 'alice.new@example.com', STRONG_PASSWORD)).user?.username).toBe('alice')
  })

  it('deactivating ends the user’s sessions and login fails with the generic error; reactivating lets them back', async () => {
    const { aliceId } = await coreWithAliceIds()
    const alice = appWindow('alice-window')
    expect(dataOf(await call(core, alice, 'getSession', {})).user?.username).toBe('alice')
    const deactivated = dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: aliceId, isActive: false }))
    expect(deactivated.isActive).toBe(false)
    expect(core.services.db.prepare('SELECT count(*) FROM sessions WHERE user_id = ?').pluck().get(aliceId)).toBe(0)
    expect(dataOf(await call(core, alice, 'getSession', {})).user).toBeNull()
    const refused = errorOf(await logIn(core, 'alice', STRONG_PASSWORD))
    const unknown = errorOf(await logIn(core, 'nobody-here', STRONG_PASSWORD))
    expect(refused).toEqual(unknown)
    expect(refused.code).toBe('invalid_credentials')

    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: aliceId, isActive: true }))
    expect(dataOf(await logIn(core, 'alice', STRONG_PASSWORD)).user?.username).toBe('alice')
  })

  it('unlocks a locked-out account: the console shows the lock, and the right password works again', async () => {
    const { aliceId } = await coreWithAliceIds()
    for (let i = 0; i < 5; i++) await logIn(core, 'alice', 'wrong-password-1')
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD)).code).toBe('locked_out')
    const locked = await detailOf(aliceId)
    expect(locked).toMatchObject({ isLocked: true, lockedUntil: core.clock.now() + 15 * 60 * 1000 })
    const page = dataOf(
      await call(core, ADMIN, 'adminListAccounts', {
        search: 'ALI',
        sort: 'username',
        direction: 'asc',
        offset: 0,
        limit: 50
      })
    )
    expect(page.rows).toEqual([expect.objectContaining({ username: 'alice', isLocked: true })])

    expect(dataOf(await call(core, ADMIN, 'adminUnlockAccount', { id: aliceId }))).toMatchObject({
      isLocked: false,
      lockedUntil: null
    })
    expect(dataOf(await logIn(core, 'alice', STRONG_PASSWORD)).user?.username).toBe('alice')
  })

  it('a temporary password ends the user’s sessions and must be changed at the next login', async () => {
    const { aliceId } = await coreWithAliceIds()
    expect(
      fieldCodes(
        await call(core, ADMIN, 'adminSetTemporaryPassword', {
          id: aliceId,
          password: '12345678',
          passwordConfirmation: 'x'
        })
      )
    ).toEqual({
      password: ['password_too_common', 'password_entirely_numeric'],
      passwordConfirmation: ['password_mismatch']
    })

    const detail = dataOf(
      await call(core, ADMIN, 'adminSetTemporaryPassword', {
        id: aliceId,
        password: TEMPORARY_PASSWORD,
        passwordConfirmation: TEMPORARY_PASSWORD
      })
    )
    expect(detail.mustChangePassword).toBe(true)
    expect(dataOf(await call(core, appWindow('alice-window'), 'getSession', {})).user).toBeNull()
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD)).code).toBe('invalid_credentials')

    const session = dataOf(await logIn(core, 'alice', TEMPORARY_PASSWORD, 'alice-2'))
    expect(session.user).toMatchObject({ username: 'alice', mustChangePassword: true })
    const changed = dataOf(
      await call(core, appWindow('alice-2'), 'changePassword', {
        oldPassword: TEMPORARY_PASSWORD,
        newPassword: NEW_PASSWORD,
        newPasswordConfirmation: NEW_PASSWORD
      })
    )
    expect(changed.user).toMatchObject({ username: 'alice', mustChangePassword: false })
    expect((await detailOf(aliceId)).mustChangePassword).toBe(false)
  })

  it('deletes only with the account’s username typed (in any case); the account and its sessions go', async () => {
    const { aliceId } = await coreWithAliceIds()
    const before = everyTable(core)
    const refused = await call(core, ADMIN, 'adminDeleteAccount', { id: aliceId, confirmUsername: 'alicia' })
    expect(fieldCodes(refused)).toEqual({ confirmUsername: ['confirmation_mismatch'] })
    expect(everyTable(core)).toEqual(before)

    expect(dataOf(await call(core, ADMIN, 'adminDeleteAccount', { id: aliceId, confirmUsername: 'ALICE' }))).toEqual({
      deleted: true
    })
    expect(errorOf(await call(core, ADMIN, 'adminGetAccount', { id: aliceId })).code).toBe('not_found')
    expect(dataOf(await call(core, appWindow('alice-window'), 'getSession', {})).user).toBeNull()
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD)).code).toBe('invalid_credentials')
    // The name is free again.
    expect((await call(core, ADMIN, 'adminCreateAccount', { ...signUpInput('alice'), isAdmin: false })).ok).toBe(true)
  })

  it('sends a reset code to an active account only; the code works', async () => {
    const { aliceId } = await coreWithAliceIds()
    expect(dataOf(await call(core, ADMIN, 'adminSendResetCode', { id: aliceId }))).toEqual({ accepted: true })
    const code = await latestCode(core, 'alice@example.com')
    dataOf(await confirmReset(core, code))
    expect(dataOf(await logIn(core, 'alice', NEW_PASSWORD)).user?.username).toBe('alice')

    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: aliceId, isActive: false }))
    const mails = (await mailLog(core)).length
    expect(errorOf(await call(core, ADMIN, 'adminSendResetCode', { id: aliceId })).code).toBe('account_inactive')
    expect(await mailLog(core)).toHaveLength(mails)
  })

  it('answers not_found for an account that does not exist', async () => {
    await coreWithAliceIds()
    const before = everyTable(core)
    for (const [channel, input] of [
      ['adminGetAccount', { id: 999 }],
      ['adminUpdateAccount', { id: 999, isActive: false }],
      ['adminUnlockAccount', { id: 999 }],
      ['adminSendResetCode', { id: 999 }],
      [
        'adminSetTemporaryPassword',
        { id: 999, password: TEMPORARY_PASSWORD, passwordConfirmation: TEMPORARY_PASSWORD }
      ],
      ['adminDeleteAccount', { id: 999, confirmUsername: 'x' }]
    ] as const) {
      expect({ channel, code: errorOf(await call(core, ADMIN, channel, input)).code }).toEqual({
        channel,
        code: 'not_found'
      })
    }
    expect(everyTable(core)).toEqual(before)
  })
})

describe('the audit trail of the console', () => {
  it('records every administrator action with the administrator as actor and the account as subject', async () => {
    const { aliceId } = await coreWithAliceIds()
    const erin = dataOf(await call(core, ADMIN, 'adminCreateAccount', { ...signUpInput('erin'), isAdmin: false }))
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: aliceId, email: 'alice2@example.com' }))
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: erin.id, isAdmin: true }))
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: erin.id, isAdmin: false }))
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: aliceId, isActive: false }))
    dataOf(await call(core, ADMIN, 'adminUpdateAccount', { id: aliceId, isActive: true }))
    dataOf(await call(core, ADMIN, 'adminUnlockAccount', { id: aliceId }))
    dataOf(
      await call(core, ADMIN, 'adminSetTemporaryPassword', {
        id: aliceId,
        password: TEMPORARY_PASSWORD,
        passwordConfirmation: TEMPORARY_PASSWORD
      })
    )
    dataOf(await call(core, ADMIN, 'adminSendResetCode', { id: aliceId }))
    dataOf(await call(core, ADMIN, 'adminDeleteAccount', { id: erin.id, confirmUsername: 'erin' }))

    const expected: [string, string][] = [
      ['admin_create', 'erin'],
      ['admin_update', 'alice'],
      ['admin_grant_admin', 'erin'],
      ['admin_revoke_admin', 'erin'],
      ['admin_deactivate', 'alice'],
      ['admin_reactivate', 'alice'],
      ['admin_unlock', 'alice'],
      ['admin_set_temporary_password', 'alice'],
      ['admin_send_reset_code', 'alice'],
      ['admin_delete', 'erin']
    ]
    for (const [kind, subject] of expected) {
      expect({ kind, events: await audit(kind) }).toEqual({
        kind,
        events: [
          expect.objectContaining({ kind, outcome: 'success', actorUsername: 'admin', subjectUsername: subject })
        ]
      })
    }
    // Newest first, and the deleted account's history is still found by its name.
    const erinEvents = dataOf(
      await call(core, ADMIN, 'adminListAudit', { user: 'ERIN', kind: '', offset: 0, limit: 100 })
    )
    expect(erinEvents.rows.map((event) => event.kind)).toEqual([
      'admin_delete',
      'admin_revoke_admin',
      'admin_grant_admin',
      'admin_create'
    ])
  })

  it('a change that changes nothing is not recorded', async () => {
    const { aliceId } = await coreWithAliceIds()
    const before = everyTable(core)
    dataOf(
      await call(core, ADMIN, 'adminUpdateAccount', {
        id: aliceId,
        email: 'alice@example.com',
        isAdmin: false,
        isActive: true
      })
    )
    expect(everyTable(core)).toEqual(before)
  })

  it('filters by user (ignoring case, Unicode too) and kind, pages, and counts', async () => {
    core = makeTestCore()
    await withUser(core, 'Émile')
    await withUser(core, 'bob')
    for (let i = 0; i < 3; i++) await logIn(core, 'émile', 'wrong-password-1', `w${i}`)
    core.clock.advanceSeconds(60)
    dataOf(await logIn(core, 'ÉMILE', STRONG_PASSWORD, 'emile-2'))

    const all = dataOf(await call(core, ADMIN, 'adminListAudit', { user: 'ÉMILE', kind: '', offset: 0, limit: 100 }))
    expect(all.rows.every((event) => event.subjectUsername === 'Émile' || event.actorUsername === 'Émile')).toBe(true)
    expect(all.total).toBe(all.rows.length)
    // withUser confirms the password once after sign-up (Confirm it's you), as a person would before a change.
    expect(all.rows.map((event) => event.kind)).toEqual([
      'login',
      'login',
      'login',
      'login',
      'reauthenticated',
      'sign_up'
    ])
    expect(all.rows.map((event) => event.at)).toEqual([...all.rows.map((event) => event.at)].sort((a, b) => b - a))

    const failures = dataOf(
      await call(core, ADMIN, 'adminListAudit', { user: ' émile ', kind: 'login', offset: 1, limit: 2 })
    )
    expect(failures.total).toBe(4)
    expect(failures.rows).toHaveLength(2)
    expect(failures.rows.map((event) => event.outcome)).toEqual(['failure', 'failure'])
    expect(
      dataOf(await call(core, ADMIN, 'adminListAudit', { user: 'nobody', kind: '', offset: 0, limit: 5 }))
    ).toEqual({
      total: 0,
      rows: []
    })
  })
})
