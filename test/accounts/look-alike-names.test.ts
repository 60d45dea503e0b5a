import { afterEach, describe, expect, it } from 'vitest'
import { importDjangoUsers } from '../../scripts/lib/django-import'
import { usernameKey } from '../../src/main/core/accounts/identity'
import { formatImportReport, importAccountsCsv } from '../../src/main/core/admin/account-import'
import { migrate } from '../../src/main/db/database'
import { usernameSkeleton } from '../../src/main/db/username-skeleton'
import { call, dataOf, errorOf, fieldCodes, usersTable } from '../helpers/accounts'
import { appWindow, makeTestCore, openTestCore, signUpInput, withFirstAdmin, type TestCore } from '../helpers/core'
import { djangoSource, djangoUser } from '../helpers/django-fixtures'
import { databaseBefore } from '../helpers/old-database'

/** `аdmin` with a Cyrillic а (U+0430): on screen it is `admin`, and it mixes two alphabets. */
const CYRILLIC_ADMIN = '\u0430dmin'
/** `adrnin` (r, n): Latin alone, and TR39 reads it as `admin`. */
const RN_ADMIN = 'adrnin'
/** `сосо` in Cyrillic letters alone: on screen it is the Latin `coco`. */
const CYRILLIC_COCO = '\u0441\u043E\u0441\u043E'
const ADMIN = appWindow('admin-window')

const opened: TestCore[] = []
afterEach(() => {
  for (const core of opened.splice(0).reverse()) core.dispose()
})

async function coreWithAdmin(): Promise<TestCore> {
  const core = makeTestCore()
  opened.push(core)
  await withFirstAdmin(core, 'admin')
  return core
}

/** A sign-up with an address of its own, so only the username can be what is refused. */
const signUpAs = (core: TestCore, username: string, email: string, window = 'w1') =>
  call(core, appWindow(window), 'signUp', { ...signUpInput('x'), username, email })

const usernames = (core: TestCore): string[] =>
  core.services.db.prepare('SELECT username FROM users ORDER BY id').pluck().all() as string[]

describe('the skeleton names are compared by', () => {
  const skeleton = (name: string) => usernameSkeleton(usernameKey(name))

  it('is one for names that read alike, in any case', () => {
    for (const group of [
      ['admin', 'Admin', 'ADMIN', RN_ADMIN, 'ADRNIN', CYRILLIC_ADMIN],
      ['coco', 'COCO', CYRILLIC_COCO, 'c0c0', 'C0CO', 'c\u03BFc\u03BF'],
      ['bill', 'bi1l', 'bil1'],
      ['paypal', 'p\u0430yp\u0430l', '\u0440\u0430y\u0440\u0430l']
    ]) {
      expect(new Set(group.map(skeleton)), group[0]).toEqual(new Set([skeleton(group[0])]))
    }
  })

  it('keeps names apart that a reader tells apart', () => {
    const names = ['jose', 'josé', 'zoe', 'zoë', 'иван', 'ivan', 'bob', 'bop', 'admin', 'admins', 'admln']
    expect(new Set(names.map(skeleton)).size).toBe(names.length)
  })
})

describe('a look-alike of an existing username', () => {
  it('is refused at sign-up in the words of a taken name, and nothing is written', async () => {
    const core = await coreWithAdmin()
    dataOf(await signUpAs(core, 'coco', 'coco@example.com'))
    const before = usersTable(core)
    const taken = await signUpAs(core, 'ADMIN', 'mallory@example.com')
    expect(fieldCodes(taken)).toEqual({ username: ['username_taken'] })
    for (const name of [RN_ADMIN, 'ADRNIN', CYRILLIC_COCO, 'c0c0', 'COCO']) {
      const lookAlike = await signUpAs(core, name, 'mallory@example.com')
      // It tells a prober no more than a taken name does.
      expect(errorOf(lookAlike).fields, name).toEqual(errorOf(taken).fields)
    }
    // аdmin is refused whoever exists: it mixes Cyrillic and Latin letters.
    expect(fieldCodes(await signUpAs(core, CYRILLIC_ADMIN, 'mallory@example.com'))).toEqual({
      username: ['username_mixed_scripts']
    })
    expect(usersTable(core)).toEqual(before)
  })

  it('is refused when an administrator creates the account', async () => {
    const core = await coreWithAdmin()
    const create = (username: string) =>
      call(core, ADMIN, 'adminCreateAccount', {
        ...signUpInput('x'),
        username,
        email: 'two@example.com',
        isAdmin: true
      })
    expect(fieldCodes(await create(RN_ADMIN))).toEqual({ username: ['username_taken'] })
    expect(fieldCodes(await create(CYRILLIC_ADMIN))).toEqual({ username: ['username_mixed_scripts'] })
    expect(usernames(core)).toEqual(['admin'])
  })

  it('skips the CSV row and says why, also against rows the same import added', async () => {
    const core = await coreWithAdmin()
    const csv = [
      'username,email',
      `${CYRILLIC_ADMIN},mallory@example.com`,
      `${RN_ADMIN},rn@example.com`,
      'coco,coco@example.com',
      `${CYRILLIC_COCO},coco2@example.com`,
      'carol,carol@example.com'
    ].join('\n')
    const report = importAccountsCsv(core.services, csv, 'people.csv')
    const text = formatImportReport(report, { dryRun: false, dataDir: core.dataDir })
    expect(text).toContain(`line 2: ${CYRILLIC_ADMIN}: Use letters from one alphabet`)
    const taken = 'username taken here (names are compared ignoring case and look-alike letters'
    expect(text).toContain(`line 3: ${RN_ADMIN}: ${taken}`)
    expect(text).toContain(`line 5: ${CYRILLIC_COCO}: ${taken}`)
    expect(text).toContain('Imported 2 of 5 rows:')
    expect(usernames(core)).toEqual(['admin', 'coco', 'carol'])
  })

  it('is skipped by the Django import with its reason', async () => {
    const core = await coreWithAdmin()
    const users = [
      djangoUser(CYRILLIC_ADMIN, '!unusable', { email: 'm@example.com' }),
      djangoUser(RN_ADMIN, '!unusable', { email: 'rn@example.com' }),
      djangoUser('coco', '!unusable', { email: 'coco@example.com' }),
      djangoUser(CYRILLIC_COCO, '!unusable', { email: 'coco2@example.com' })
    ]
    const report = importDjangoUsers(core.services, djangoSource(users, 'users.json'), { staffAsAdmin: false })
    expect(report.skipped).toEqual([
      { username: CYRILLIC_ADMIN, reasons: [expect.stringMatching(/rules: Use letters from one alphabet/)] },
      { username: RN_ADMIN, reasons: [expect.stringMatching(/^username taken here/)] },
      { username: CYRILLIC_COCO, reasons: [expect.stringMatching(/^username taken here/)] }
    ])
    expect(usernames(core)).toEqual(['admin', 'coco'])
  })

  it('is refused by createsuperuser, and a first administrator of two alphabets is refused', async () => {
    const core = await coreWithAdmin()
    const superuser = (username: string) =>
      core.services.newAccounts.createSuperuser({ ...signUpInput('x'), username, email: 'root@example.com' })
    await expect(superuser(RN_ADMIN)).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { username: [expect.objectContaining({ code: 'username_taken' })] }
    })
    await expect(superuser(CYRILLIC_ADMIN)).rejects.toMatchObject({
      fields: { username: [expect.objectContaining({ code: 'username_mixed_scripts' })] }
    })
    expect(usernames(core)).toEqual(['admin'])

    const fresh = makeTestCore()
    opened.push(fresh)
    const first = await call(fresh, appWindow(), 'createFirstAdmin', { ...signUpInput('x'), username: CYRILLIC_ADMIN })
    expect(fieldCodes(first)).toEqual({ username: ['username_mixed_scripts'] })
    expect(usernames(fresh)).toEqual([])
  })

  it('is refused by the database itself, whoever writes it', async () => {
    const core = await coreWithAdmin()
    const { users } = core.services
    const row = { email: 'db@example.com', emailKey: 'db@example.com', passwordHash: null, isAdmin: true, createdAt: 0 }
    for (const name of [CYRILLIC_ADMIN, RN_ADMIN]) {
      expect(() => users.insert({ ...row, username: name, usernameKey: usernameKey(name) }), name).toThrow(
        /UNIQUE constraint failed: users.username_skeleton/
      )
    }
    expect(usernames(core)).toEqual(['admin'])
  })
})

describe('renaming an account to a look-alike', () => {
  it('has no channel: the console cannot send a new username, and nothing changes', async () => {
    const core = await coreWithAdmin()
    const coco = dataOf(await signUpAs(core, 'coco', 'coco@example.com')).user
    const before = usersTable(core)
    const result = await call(core, ADMIN, 'adminUpdateAccount', { id: coco?.id, username: CYRILLIC_COCO })
    expect(errorOf(result).code).toBe('invalid_input')
    expect(usersTable(core)).toEqual(before)
  })

  it('is refused by the database if anything renames one directly', async () => {
    const core = await coreWithAdmin()
    dataOf(await signUpAs(core, 'coco', 'coco@example.com'))
    const zed = dataOf(await signUpAs(core, 'zed', 'zed@example.com')).user
    const rename = core.services.db.prepare('UPDATE users SET username = ?, username_key = ? WHERE id = ?')
    expect(() => rename.run(RN_ADMIN, usernameKey(RN_ADMIN), zed?.id)).toThrow(/UNIQUE constraint failed/)
    expect(() => rename.run(CYRILLIC_COCO, usernameKey(CYRILLIC_COCO), zed?.id)).toThrow(/UNIQUE constraint failed/)
    rename.run('zoe', 'zoe', zed?.id)
    expect(usernames(core)).toEqual(['admin', 'coco', 'zoe'])
    // The renamed account's new skeleton is held too.
    expect(fieldCodes(await signUpAs(core, 'z0e', 'z2@example.com'))).toEqual({ username: ['username_taken'] })
  })
})

describe('simultaneous sign-ups of look-alikes', () => {
  it('let exactly one in, from one process', async () => {
    const core = await coreWithAdmin()
    const names = ['coco2', '\u0441\u043E\u0441\u043E2', 'c0co2', 'COCO2', 'c\u03BFc\u03BF2']
    const results = await Promise.all(
      names.map((name, i) => signUpAs(core, name, `person${i}@example.com`, `window${i}`))
    )
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    const refusals = results.filter((result) => !result.ok).map((result) => fieldCodes(result).username.join())
    // Each a typed refusal: the three look-alikes of the winner as taken, c\u03BFc\u03BF2 for mixing Greek.
    expect(refusals.sort()).toEqual(['username_mixed_scripts', 'username_taken', 'username_taken', 'username_taken'])
    expect(usernames(core)).toHaveLength(2)
  })

  it('let exactly one in, from two connections on one data folder', async () => {
    const first = await coreWithAdmin()
    const second = openTestCore(first.dataDir)
    opened.push(second)
    const results = await Promise.all([
      signUpAs(first, 'coco3', 'one@example.com', 'a'),
      signUpAs(second, `${CYRILLIC_COCO}3`, 'two@example.com', 'b'),
      signUpAs(first, 'COC03', 'three@example.com', 'c'),
      signUpAs(second, 'coc03', 'four@example.com', 'd')
    ])
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    for (const refused of results.filter((result) => !result.ok)) {
      expect(fieldCodes(refused)).toEqual({ username: ['username_taken'] })
    }
    expect(usernames(second)).toHaveLength(2)
  })
})

describe('names drawn from several alphabets', () => {
  it('are refused when Latin and Cyrillic (or Greek) letters mix, and nothing is written', async () => {
    const core = await coreWithAdmin()
    for (const name of ['p\u0430ypal', 'j\u03BFhn', '\u0438van_x', 'Ꭺlice']) {
      const result = await signUpAs(core, name, 'mixed@example.com')
      expect(fieldCodes(result), name).toEqual({ username: ['username_mixed_scripts'] })
      expect(errorOf(result).fields?.username[0].message).toMatch(/^Use letters from one alphabet/)
    }
    expect(usernames(core)).toEqual(['admin'])
  })

  it('are allowed in one alphabet, or Latin with Chinese, Japanese or Korean', async () => {
    const core = await coreWithAdmin()
    const names = [
      'josé',
      'e\u0301mile',
      'иван',
      'zoë',
      '李小龍',
      'Σωκράτης',
      'tanaka_たろう_太郎',
      'kim김',
      'nguyễn',
      'user.2026'
    ]
    for (const [i, name] of names.entries()) {
      dataOf(await signUpAs(core, name, `person${i}@example.com`))
    }
    expect(usernames(core)).toEqual(['admin', ...names.map((name) => name.normalize('NFKC'))])
  })
})

describe('stacked combining marks', () => {
  it('refuse 149 marks on one letter, but take a letter with its accents', async () => {
    const core = await coreWithAdmin()
    const marks = ['\u0300', '\u0301', '\u0302', '\u0303', '\u0308', '\u030A', '\u0327']
    const zalgo = 'a' + Array.from({ length: 149 }, (_, i) => marks[i % marks.length]).join('')
    const result = await signUpAs(core, zalgo, 'zalgo@example.com')
    expect(fieldCodes(result)).toEqual({ username: ['username_too_many_marks'] })
    expect(errorOf(result).fields?.username[0].message).toBe('Too many accent marks on one letter.')
    expect(fieldCodes(await signUpAs(core, 'zoe\u0308\u0301\u0300\u0302', 'zalgo@example.com'))).toEqual({
      username: ['username_too_many_marks']
    })
    dataOf(await signUpAs(core, 'vie\u0323\u0302t', 'viet@example.com'))
    expect(usernames(core)).toEqual(['admin', 'việt'])
  })
})

describe('the upgrade that adds the skeleton (migration 17)', () => {
  it('does not fail on look-alikes an older version let in, and still refuses new ones', async () => {
    const { dataDir, db } = databaseBefore('ADD COLUMN username_skeleton')
    try {
      const insert = db.prepare(
        'INSERT INTO users (username, username_key, email, email_key, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, NULL, ?, 0)'
      )
      for (const [i, name] of ['admin', CYRILLIC_ADMIN, 'bob', 'b\u043Eb', 'carol'].entries()) {
        insert.run(name, usernameKey(name), `u${i}@example.com`, `u${i}@example.com`, i === 0 ? 1 : 0)
      }
      expect(() => migrate(db)).not.toThrow()
      const skeletons = db.prepare('SELECT username, username_skeleton AS skeleton FROM users ORDER BY id').all()
      // The oldest of each look-alike pair keeps the skeleton; nobody is renamed or removed.
      expect(skeletons).toEqual([
        { username: 'admin', skeleton: 'adrnin' },
        { username: CYRILLIC_ADMIN, skeleton: null },
        { username: 'bob', skeleton: 'bob' },
        { username: 'b\u043Eb', skeleton: null },
        { username: 'carol', skeleton: 'carol' }
      ])
    } finally {
      db.close()
    }
    const core = openTestCore(dataDir)
    opened.push(core)
    expect(fieldCodes(await signUpAs(core, RN_ADMIN, 'new@example.com'))).toEqual({ username: ['username_taken'] })
    expect(fieldCodes(await signUpAs(core, 'BOB', 'new@example.com'))).toEqual({ username: ['username_taken'] })
    dataOf(await signUpAs(core, 'dave', 'dave@example.com'))
    // The holder deleted, its oldest look-alike takes the skeleton over: the name stays guarded.
    core.services.db.prepare("DELETE FROM users WHERE username IN ('admin', 'bob')").run()
    expect(fieldCodes(await signUpAs(core, RN_ADMIN, 'new@example.com'))).toEqual({ username: ['username_taken'] })
    expect(fieldCodes(await signUpAs(core, 'b0b', 'new@example.com'))).toEqual({ username: ['username_taken'] })
  })
})
