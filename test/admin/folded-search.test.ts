import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { usernameKey } from '../../src/main/core/accounts/identity'
import { AccountList } from '../../src/main/db/account-list-repository'
import { foldForSearch, searchWords } from '../../src/main/db/search-fold'
import { call, dataOf } from '../helpers/accounts'
import { appWindow, makeTestCore, signUpInput, withFirstAdmin, type TestCore } from '../helpers/core'

/**
 * Search that finds people: case, accents and special letters fold away, several words each
 * match the name or the email, and names sort by their folded form. Checked against a plain scan
 * of folded keys, on hand-picked names and on random Unicode ones.
 */

const ADMIN = appWindow('admin-window')
const PEOPLE = [
  ['José.García', 'jose.garcia@example.com'],
  ['josé_fernández', 'jf@example.org'],
  ['Fernandez.Pilar', 'pilar@example.net'],
  ['Żak.Anna', 'anna.zak@example.com'],
  ['łoconnor', 'l.oconnor@example.com'],
  ['Lars', 'lars@example.com'],
  ['zoe', 'zoe@example.com'],
  ['ahmed.smith', 'a.brown@example.com'],
  ['Ahmed', 'ahmed@example.org'],
  ['Søren', 'soren@example.com'],
  ['STRAẞE', 'strasse@example.com'],
  ['Ærlig', 'aerlig@example.com'],
  ['Đorđe', 'djordje@example.com']
] as const

let core: TestCore

beforeAll(async () => {
  core = makeTestCore()
  await withFirstAdmin(core)
  for (const [username, email] of PEOPLE) {
    dataOf(await call(core, appWindow(`w-${email}`), 'signUp', { ...signUpInput(username), email }))
  }
})
afterAll(() => core?.dispose())

async function names(search: string, sort: 'username' | 'email' = 'username'): Promise<string[]> {
  const page = dataOf(
    await call(core, ADMIN, 'adminListAccounts', { search, sort, direction: 'asc', offset: 0, limit: 100 })
  )
  return page.rows.map((row) => row.username)
}

describe('folded search', () => {
  it('finds accented names by their plain spelling, and plain ones by an accented search', async () => {
    expect(await names('jose')).toEqual(['José.García', 'josé_fernández'])
    expect(await names('fernandez')).toEqual(['Fernandez.Pilar', 'josé_fernández'])
    expect(await names('FERNÁNDEZ')).toEqual(['Fernandez.Pilar', 'josé_fernández'])
    expect(await names('zak')).toEqual(['Żak.Anna'])
    expect(await names('soren')).toEqual(['Søren'])
    expect(await names('strasse')).toEqual(['STRAẞE'])
    expect(await names('ærlig')).toEqual(['Ærlig'])
    expect(await names('dorde')).toEqual(['Đorđe'])
  })

  it('takes several words, each matching the username or the email, in any order', async () => {
    expect(await names('Ahmed Brown')).toEqual(['ahmed.smith'])
    expect(await names('brown   ahmed')).toEqual(['ahmed.smith'])
    expect(await names('jose garcia')).toEqual(['José.García'])
    expect(await names('jose nobody')).toEqual([])
    // Short words go through the same rule.
    expect(await names('an za')).toEqual(['Żak.Anna'])
  })

  it('sorts by the folded name, so ł sorts among the l’s and not after z', async () => {
    const all = await names('')
    expect(all.indexOf('łoconnor')).toBe(all.indexOf('Lars') + 1)
    expect(all.indexOf('łoconnor')).toBeLessThan(all.indexOf('zoe'))
    // Ż folds to z: among the z's, by the letters after it.
    expect(all.slice(-2)).toEqual(['Żak.Anna', 'zoe'])
  })

  it('agrees with a plain scan of folded keys for random Unicode names and searches', () => {
    const db = core.services.db
    const list = new AccountList(db)
    const letters = fc.constantFrom(...'aeiouzlnsßøłđæœıİéÉèÊëÖöüÜçÇñÑžŽżŻąĄśŚåÅ'.split(''), 'ẞ', 'ǅ', 'ﬁ', 'ａ', 'Ω')
    const word = fc.array(letters, { minLength: 1, maxLength: 6 }).map((chars) => chars.join(''))
    let serial = 0
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 8 }),
        fc.array(word, { minLength: 1, maxLength: 2 }),
        (made, typed) => {
          db.transaction(() => {
            db.prepare("DELETE FROM users WHERE username LIKE 'p%'").run()
            const insert = db.prepare(
              'INSERT OR IGNORE INTO users (username, username_key, email, email_key, created_at) VALUES (?, ?, ?, ?, 0)'
            )
            for (const name of made) {
              const username = `p${serial++}${name}`
              insert.run(
                username,
                usernameKey(username),
                `${name}${serial}@example.com`,
                `${name}${serial}@example.com`.toLowerCase()
              )
            }
          })()
          const search = typed.join(' ')
          const words = searchWords(search)
          const rows = db.prepare('SELECT id, username, email FROM users').all() as {
            id: number
            username: string
            email: string
          }[]
          const want = rows
            .filter((row) =>
              words.every((w) => foldForSearch(row.username).includes(w) || foldForSearch(row.email).includes(w))
            )
            .sort((a, b) => byFold(a.username, b.username))
            .map((row) => row.id)
          const got = list.page({ words, show: 'all', sort: 'username', direction: 'asc', offset: 0, limit: 100 }, 0)
          expect(got.rows.map((row) => row.id)).toEqual(want.slice(0, 100))
          expect(got.total).toBe(want.length)
        }
      ),
      { numRuns: 150 }
    )
  })
})

/** The console's order: folded name by UTF-8 bytes, then the username key. */
function byFold(a: string, b: string): number {
  return (
    Buffer.compare(Buffer.from(foldForSearch(a)), Buffer.from(foldForSearch(b))) ||
    Buffer.compare(Buffer.from(usernameKey(a)), Buffer.from(usernameKey(b)))
  )
}
