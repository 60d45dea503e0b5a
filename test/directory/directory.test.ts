import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { escapeFilterValue, userFilterFor } from '../../src/main/core/directory/ldap-client'
import { appWindow, confirmItsYou, makeTestCore, withUser, STRONG_PASSWORD, type TestCore } from '../helpers/core'
import { logIn } from '../helpers/login'
import { turnOnTwoFactor } from '../helpers/two-factor'
import { ADMINS_GROUP, directoryEnv, PEOPLE_FIXTURE, personDn, READER, Slapd, slapdMissing } from '../helpers/slapd'

const [dora, dan, erin] = PEOPLE_FIXTURE
const ROOT = resolve(__dirname, '../..')
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs')
const missing = slapdMissing()
if (missing) console.log(`[directory] tests skipped: ${missing}`)

describe('RFC 4515 filter escaping', () => {
  it('turns every filter metacharacter into its escape, so a typed name only matches itself', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0f')).toBe('a\\2ab\\28c\\29d\\5ce\\00f')
    expect(userFilterFor('(&(objectClass=person)(uid={username}))', '*)(uid=*')).toBe(
      '(&(objectClass=person)(uid=\\2a\\29\\28uid=\\2a))'
    )
  })
})

describe.skipIf(missing !== null)('directory sign-in against a real OpenLDAP server', () => {
  let slapd: Slapd
  let core: TestCore

  beforeAll(async () => {
    slapd = await Slapd.start()
  })
  afterAll(async () => {
    await slapd?.stop()
  })
  beforeEach(async () => {
    await slapd.resume()
    core = makeTestCore({ directory: slapd.settings() }, { env: directoryEnv() })
    await withUser(core, 'alice') // a local account beside the directory (and the first admin)
  })
  afterEach(() => core.dispose())

  it('signs a directory user in, creating a shadow account with no local password, admin by group', async () => {
    const result = await logIn(core, 'dora', dora.password, 'w-login')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.data).toMatchObject({
      user: { username: 'dora', email: 'dora@example.org', isAdmin: true, passwordManagedByDirectory: true }
    })
    const row = core.services.db
      .prepare('SELECT password_hash, directory_dn, is_admin FROM users WHERE username = ?')
      .get('dora') as { password_hash: string | null; directory_dn: string; is_admin: number }
    expect(row).toEqual({ password_hash: null, directory_dn: personDn('dora'), is_admin: 1 })
    // The group made dora an administrator: the console opens for her window.
    const console = await core.router.handle(appWindow('w-login'), 'adminListAccounts', {
      search: '',
      sort: 'username',
      direction: 'asc',
      offset: 0,
      limit: 10
    })
    expect(console.ok).toBe(true)
  })

  it('refuses a wrong directory password like any wrong password, and it counts toward lockout', async () => {
    for (let i = 0; i < 4; i++) {
      const wrong = await logIn(core, 'dan', `not-${dan.password}-${i}`, 'w-login')
      expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } })
    }
    const fifth = await logIn(core, 'dan', 'still-wrong', 'w-login')
    expect(fifth).toMatchObject({ ok: false, error: { code: 'locked_out' } })
    // Locked: even the right password is not tried.
    expect(await logIn(core, 'dan', dan.password, 'w-login')).toMatchObject({
      ok: false,
      error: { code: 'locked_out' }
    })
  })

  it('never takes an empty password (an unauthenticated bind) for a directory user', async () => {
    expect(await logIn(core, 'dan', '', 'w-login')).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } })
    expect(core.services.users.byUsernameKey('dan')).toBeNull()
  })

  it('finds nobody and raises no error for names with LDAP filter characters', async () => {
    for (const name of ['*', 'd*', '*)(uid=*', 'dan)(|(uid=*', 'da\\6e', '(', ')', '\\']) {
      const result = await logIn(core, name, dan.password, 'w-login')
      expect(result).toMatchObject({
        ok: false,
        error: { code: expect.stringMatching(/^(invalid_credentials|locked_out)$/) }
      })
    }
    expect(core.services.users.count()).toBe(2) // admin and alice only: nobody was linked
  })

  it('gives directory users a clear message while the directory is down, and local accounts still work', async () => {
    await slapd.pause()
    const down = await logIn(core, 'dan', dan.password, 'w-login')
    expect(down).toMatchObject({
      ok: false,
      error: {
        code: 'directory_unreachable',
        message: 'The directory cannot be reached. Try again later or ask your administrator.'
      }
    })
    await logIn(core, 'dora', dora.password, 'w-login')
    await logIn(core, 'erin', erin.password, 'w-login')
    expect(await logIn(core, 'alice', STRONG_PASSWORD, 'w-local')).toMatchObject({ ok: true })
    // Audited once for the outage, not per attempt; an outage is not a wrong password.
    const outages = core.services.db
      .prepare("SELECT count(*) AS n FROM audit_events WHERE kind = 'directory_unreachable'")
      .get() as { n: number }
    expect(outages.n).toBe(1)
    const throttled = core.services.db.prepare('SELECT count(*) AS n FROM login_throttle').get() as { n: number }
    expect(throttled.n).toBe(0)
    await slapd.resume()
    expect(await logIn(core, 'dan', dan.password, 'w-login')).toMatchObject({ ok: true })
  })

  it('shows administrators the directory in effect on the Settings screen, never its bind password', async () => {
    await logIn(core, 'dora', dora.password, 'w-dora')
    const view = await core.router.handle(appWindow('w-dora'), 'adminGetSettings', {})
    expect(view).toMatchObject({
      ok: true,
      data: {
        directory: {
          url: slapd.url,
          bindDn: READER.dn,
          bindPasswordEnv: 'LOCAL_ACCOUNTS_LDAP_PASSWORD',
          bindPasswordSet: true,
          adminGroupDn: ADMINS_GROUP
        }
      }
    })
    expect(JSON.stringify(view)).not.toContain(READER.password)
  })

  it('takes the admin flag from the group at every login', async () => {
    expect(await logIn(core, 'dan', dan.password, 'w-login')).toMatchObject({
      ok: true,
      data: { user: { isAdmin: false } }
    })
    await slapd.setAdmin('dan', true)
    expect(await logIn(core, 'dan', dan.password, 'w2')).toMatchObject({ ok: true, data: { user: { isAdmin: true } } })
    await slapd.setAdmin('dan', false)
    expect(await logIn(core, 'dan', dan.password, 'w3')).toMatchObject({ ok: true, data: { user: { isAdmin: false } } })
  })

  it('asks the directory for a directory user’s own password to turn two-factor off or make new recovery codes', async () => {
    const dans = appWindow('w-dan')
    expect(await logIn(core, 'dan', dan.password, 'w-dan')).toMatchObject({ ok: true })
    // Confirm it's you takes the directory password too.
    await confirmItsYou(core, dans, dan.password)
    await turnOnTwoFactor(core, dans)
    const wrong = await core.router.handle(dans, 'twoFactorNewRecoveryCodes', { password: 'not-dans-password' })
    expect(wrong).toMatchObject({ ok: false, error: { fields: { password: [{ code: 'password_incorrect' }] } } })
    const codes = await core.router.handle(dans, 'twoFactorNewRecoveryCodes', { password: dan.password })
    expect(codes).toMatchObject({ ok: true })
    const off = await core.router.handle(dans, 'twoFactorDisable', { password: dan.password })
    expect(off).toMatchObject({ ok: true, data: { enabled: false } })
  })

  it('refuses to change or reset a directory password here, and admins cannot edit what the directory owns', async () => {
    await logIn(core, 'erin', erin.password, 'w-erin')
    const change = await core.router.handle(appWindow('w-erin'), 'changePassword', {
      oldPassword: erin.password,
      newPassword: 'another-Long-pass-88',
      newPasswordConfirmation: 'another-Long-pass-88'
    })
    expect(change).toMatchObject({
      ok: false,
      error: {
        code: 'password_managed_by_directory',
        message: "Your password is managed by your organisation's directory."
      }
    })
    const erinId = core.services.users.byUsernameKey('erin')?.id as number
    // Without a mail attribute the shadow account gets an address that can never receive mail.
    expect(core.services.users.byId(erinId)?.email).toBe('erin@directory.invalid')

    await logIn(core, 'admin', STRONG_PASSWORD, 'w-admin')
    const admin = appWindow('w-admin')
    await confirmItsYou(core, admin)
    expect(await core.router.handle(admin, 'adminUpdateAccount', { id: erinId, email: 'e@example.com' })).toMatchObject(
      {
        ok: false,
        error: { fields: { email: [{ code: 'directory_managed' }] } }
      }
    )
    expect(await core.router.handle(admin, 'adminUpdateAccount', { id: erinId, isAdmin: true })).toMatchObject({
      ok: false,
      error: { fields: { isAdmin: [{ code: 'directory_managed' }] } }
    })
    expect(await core.router.handle(admin, 'adminSendResetCode', { id: erinId })).toMatchObject({
      ok: false,
      error: { code: 'password_managed_by_directory' }
    })
    expect(
      await core.router.handle(admin, 'adminSetTemporaryPassword', {
        id: erinId,
        password: 'Temporary-pass-123',
        passwordConfirmation: 'Temporary-pass-123'
      })
    ).toMatchObject({ ok: false, error: { code: 'password_managed_by_directory' } })
    expect(await core.router.handle(admin, 'adminGetAccount', { id: erinId })).toMatchObject({
      ok: true,
      data: { directoryManaged: true }
    })
    // Deactivating stays local, and then the directory's yes is not enough.
    expect(await core.router.handle(admin, 'adminUpdateAccount', { id: erinId, isActive: false })).toMatchObject({
      ok: true
    })
    expect(await logIn(core, 'erin', erin.password, 'w-erin2')).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' }
    })
  })

  it('does not link a directory name that belongs to a local account', async () => {
    // alice is local with a password: the local password decides, the directory is never asked.
    expect(await logIn(core, 'alice', 'whatever-the-directory-says', 'w-login')).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' }
    })
    const links = core.services.db.prepare('SELECT count(*) AS n FROM users WHERE directory_dn IS NOT NULL').get() as {
      n: number
    }
    expect(links.n).toBe(0)
  })

  it('caches nothing: a person the directory refuses later is refused here', async () => {
    expect(await logIn(core, 'dan', dan.password, 'w-login')).toMatchObject({ ok: true })
    // The directory's password for dan is changed there; the old one stops working here at once.
    expect(await logIn(core, 'dan', 'an-old-Password-9', 'w2')).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' }
    })
  })

  it('reports a refused service account as the directory being unreachable, never as a wrong password', async () => {
    core.dispose()
    core = makeTestCore({ directory: slapd.settings() }, { env: { LOCAL_ACCOUNTS_LDAP_PASSWORD: 'wrong' } })
    await withUser(core, 'alice')
    expect(await logIn(core, 'dan', dan.password, 'w-login')).toMatchObject({
      ok: false,
      error: { code: 'directory_unreachable' }
    })
  })

  it('gives up on a directory that accepts the connection but never answers, after its timeout', async () => {
    const sockets: Socket[] = []
    const silent = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()))
    const { port } = silent.address() as { port: number }
    core.dispose()
    core = makeTestCore(
      { directory: slapd.settings({ url: `ldap://127.0.0.1:${port}`, timeoutInSeconds: 1 }) },
      { env: directoryEnv() }
    )
    await withUser(core, 'alice')
    try {
      expect(await logIn(core, 'dan', dan.password, 'w-login')).toMatchObject({
        ok: false,
        error: { code: 'directory_unreachable' }
      })
      expect(await logIn(core, 'alice', STRONG_PASSWORD, 'w-local')).toMatchObject({ ok: true })
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
  })
})

describe.skipIf(missing !== null)('npm run directory-check', () => {
  let slapd: Slapd
  let dataDir: string
  beforeAll(async () => {
    slapd = await Slapd.start()
    dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-dircheck-'))
  })
  afterAll(async () => {
    await slapd?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const run = (args: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [TSX, join(ROOT, 'scripts/directory-check.ts'), '--data-dir', dataDir, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      timeout: 60_000
    })

  it('connects, binds, finds the named user and lists the admin group', () => {
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ directory: slapd.settings() }))
    const result = run(['--user', 'dora'], directoryEnv())
    expect(result.stdout).toContain(`ok    find dora: ${personDn('dora')}`)
    expect(result.stdout).toContain('administrator: yes')
    expect(result.stdout).toMatch(/ok {4}admin group: 2 member\(s\)/)
    expect(result.stdout).toContain('The directory configuration works.')
    expect(result.status).toBe(0)
  })

  it('says where it stops: a wrong service password, an unknown user', () => {
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ directory: slapd.settings() }))
    const refused = run(['--user', 'dora'], { LOCAL_ACCOUNTS_LDAP_PASSWORD: 'wrong' })
    expect(refused.stdout).toContain('was refused')
    expect(refused.status).toBe(1)
    const unknown = run(['--user', 'nobody-here'], directoryEnv())
    expect(unknown.stdout).toContain('FAIL  find nobody-here: no entry matches the user filter')
    expect(unknown.status).toBe(1)
  })
})
