import type { Page } from '@playwright/test'
import { seedAccounts } from '../../scripts/lib/seed-accounts'
import { emailKey, usernameKey } from '../../src/main/core/accounts/identity'
import { openDatabase } from '../../src/main/db/database'
import { LoginThrottleRepository } from '../../src/main/db/login-throttle-repository'
import { TwoFactorRepository } from '../../src/main/db/two-factor-repository'
import { ADMIN, expect, test } from './driver'
import { expectGreeting, logIn, openAccounts } from './steps'

/** 150 characters, the longest a username may be. */
const LONG_NAME = `Maximiliana.${'Wolfeschlegelsteinhausen'.repeat(6)}`.slice(0, 150)

/**
 * Four accounts named `Quill.…`, one in each `Show` group and one in none, so a search for
 * "quill" tells whom each choice keeps and whom it leaves out (nobody else is called that).
 */
const QUILL = [
  { username: 'Quill.Admin', isAdmin: true, twoFactor: true, locked: false },
  { username: 'Quill.Locked', isAdmin: false, twoFactor: false, locked: true },
  { username: 'Quill.Plain', isAdmin: false, twoFactor: false, locked: false },
  { username: 'Quill.Secure', isAdmin: false, twoFactor: true, locked: false }
] as const

/** The accounts in the data folder, the administrator included: 400 seeded, 3 named, 4 Quills. */
const TOTAL = 408

/**
 * Accounts the scenario looks for, written straight into the data folder as `npm run seed` would;
 * a lock and a two-factor key go in as the app itself writes them. Returns how many are administrators.
 */
function addAccounts(dataDir: string): { admins: number } {
  const db = openDatabase(dataDir)
  try {
    seedAccounts(db, { users: 400, passwordHash: null, now: Date.now() })
    const insert = db.prepare(
      'INSERT INTO users (username, username_key, email, email_key, is_admin, is_active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
    )
    const add = (username: string, email: string, isAdmin: boolean, isActive: boolean): number =>
      Number(
        insert.run(username, usernameKey(username), email, emailKey(email), +isAdmin, +isActive, Date.now())
          .lastInsertRowid
      )
    add('José.García', 'jose.garcia@example.com', false, true)
    add('łoconnor', 'lo@example.com', false, true)
    add(LONG_NAME, 'maximiliana@example.com', false, false)
    const throttle = new LoginThrottleRepository(db)
    const twoFactor = new TwoFactorRepository(db)
    for (const quill of QUILL) {
      const id = add(quill.username, `${quill.username.toLowerCase()}@example.com`, quill.isAdmin, true)
      const now = Date.now()
      if (quill.locked) throttle.write(usernameKey(quill.username), 5, now, now + 3_600_000)
      if (quill.twoFactor) {
        twoFactor.putPendingKey(id, Buffer.from([0]))
        twoFactor.enable(id, now, 0)
      }
    }
    return db.prepare('SELECT count(*) AS admins FROM users WHERE is_admin = 1').get() as { admins: number }
  } finally {
    db.close()
  }
}

const summary = (page: Page) => page.getByRole('status').filter({ hasText: /^Showing / })
const accountsList = (page: Page) => page.getByRole('region', { name: 'Accounts list' })
const usernames = (page: Page) => accountsList(page).locator('tbody th')

/** A row's cells, left to right: Username (its header cell), Email, Admin, Active, Locked, 2FA, … */
const COLUMN = { Admin: 3, Active: 4, Locked: 5, '2FA': 6 } as const
/** Every shown row's value in `column`. */
const cells = (page: Page, column: keyof typeof COLUMN) =>
  accountsList(page).locator(`tbody tr > :nth-child(${COLUMN[column]})`)

/** Waits until main's answer is shown: the summary says `text` and the table is no longer loading. */
async function expectShown(page: Page, text: string): Promise<void> {
  await expect(summary(page)).toHaveText(text)
  await expect(page.getByRole('table')).not.toHaveAttribute('aria-busy', 'true')
}

const pageNumber = (page: Page) => page.getByLabel('Page number', { exact: true })

/** Types `number` into the Page number field and presses Enter. */
async function typePageNumber(page: Page, number: string): Promise<void> {
  await pageNumber(page).fill(number)
  await pageNumber(page).press('Enter')
}

/** The pager reads `Page <current> of <pages>` and the Page number field reads the same page. */
async function expectOnPage(page: Page, current: number, pages?: number): Promise<void> {
  const position = page.getByRole('navigation', { name: 'Account pages' }).locator('.pager-position')
  await expect(position).toHaveText(
    pages === undefined ? new RegExp(`^Page ${current} of `) : `Page ${current} of ${pages}`
  )
  await expect(pageNumber(page)).toHaveValue(String(current))
}

/**
 * Whatever sends the list to another page (a search, Show, Rows per page, a number past the last),
 * the Page number field then reads the page shown, never the number last typed. Starts and ends on
 * page 1 of every account, 25 rows a page.
 */
async function expectPageNumberFollowsThePage(page: Page): Promise<void> {
  const search = page.getByLabel('Search', { exact: true })
  await typePageNumber(page, '3')
  await expectShown(page, 'Showing 51–75 of 408')
  await expectOnPage(page, 3, 17)
  await search.fill('quill')
  await expectShown(page, 'Showing 1–4 of 4')
  await expectOnPage(page, 1, 1)
  await search.fill('')
  await expectShown(page, 'Showing 1–25 of 408')

  await typePageNumber(page, '3')
  await expectShown(page, 'Showing 51–75 of 408')
  await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Deactivated' })
  await expectOnPage(page, 1)
  await page.getByLabel('Show', { exact: true }).selectOption({ label: 'All' })
  await expectShown(page, 'Showing 1–25 of 408')

  await typePageNumber(page, '3')
  await expectShown(page, 'Showing 51–75 of 408')
  await page.getByLabel('Rows per page', { exact: true }).selectOption('100')
  await expectShown(page, 'Showing 1–100 of 408')
  await expectOnPage(page, 1, 5)
  await page.getByLabel('Rows per page', { exact: true }).selectOption('25')
  await expectShown(page, 'Showing 1–25 of 408')
  await expectOnPage(page, 1, 17)

  // A number past the last goes to the last page, again from there too; 0 goes to the first.
  await typePageNumber(page, '99')
  await expectShown(page, 'Showing 401–408 of 408')
  await expectOnPage(page, 17, 17)
  await typePageNumber(page, '99')
  await expectOnPage(page, 17, 17)
  await typePageNumber(page, '0')
  await expectShown(page, 'Showing 1–25 of 408')
  await expectOnPage(page, 1, 17)
}

/** Nothing of the page, the accounts list included, is wider than the window. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() =>
    [document.documentElement, document.querySelector('.table-scroll')].map((element) =>
      element ? element.scrollWidth - element.clientWidth : -1
    )
  )
  expect(overflow).toEqual([0, 0])
}

test('the console at size: accent-blind search, Show, Rows per page, page number, Locked sort, narrow window', async ({
  app
}) => {
  test.slow()
  const { page } = app
  addAccounts(app.dataDir)
  await logIn(page, ADMIN.username, ADMIN.password)
  await expectGreeting(page, ADMIN.username)
  await openAccounts(page)
  const search = page.getByLabel('Search', { exact: true })

  await search.fill('jose garcia')
  await expect(usernames(page).first()).toHaveText('José.García')
  await search.fill('LOCONNOR')
  await expect(usernames(page)).toHaveText(['łoconnor'])

  // Nothing found is said once.
  await search.fill('nobody-at-all-here')
  await expect(page.getByText('No account matches “nobody-at-all-here”.')).toBeVisible()
  await expect(page.getByText('Showing 0 of 0')).toHaveCount(0)
  await search.fill('')

  await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Deactivated' })
  await expect(summary(page)).toBeVisible()
  const activeFlags = page.locator('tbody tr td:nth-child(4)')
  await expect(activeFlags.first()).toHaveText('No')
  expect(new Set(await activeFlags.allInnerTexts())).toEqual(new Set(['No']))
  await page.getByLabel('Show', { exact: true }).selectOption({ label: 'All' })

  await page.getByLabel('Rows per page', { exact: true }).selectOption('25')
  await expect(summary(page)).toHaveText('Showing 1–25 of 408')
  await expectPageNumberFollowsThePage(page)
  await typePageNumber(page, '3')
  await expect(summary(page)).toHaveText('Showing 51–75 of 408')

  await page.getByRole('button', { name: 'Locked', exact: true }).click()
  await expect(page.getByRole('columnheader', { name: 'Locked' })).toHaveAttribute('aria-sort', 'descending')
  await expectOnPage(page, 1, 17)
  await app.screenshot('accounts-page-number-after-sort', page)

  // Narrow: optional columns give way, the long name is cut and whole on hover.
  await page.setViewportSize({ width: 900, height: 600 })
  await expectNoHorizontalOverflow(page)
  await page.getByRole('button', { name: 'Locked', exact: true }).click()
  await search.fill('maximiliana')
  const longLink = page.getByRole('link', { name: LONG_NAME })
  await expect(longLink).toHaveAttribute('title', LONG_NAME)
  await expect(page.getByRole('columnheader', { name: 'Joined' })).toBeHidden()
  const cell = usernames(page).first()
  expect(await cell.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true)
  await expectNoHorizontalOverflow(page)
  await app.screenshot('accounts-900x600-long-name', page, { alsoDark: true })
})

test('the console at size: each Show choice keeps only its own, 100 rows a page, the 2FA sort, the window height', async ({
  app
}) => {
  test.slow()
  const { page } = app
  const { admins } = addAccounts(app.dataDir)
  await logIn(page, ADMIN.username, ADMIN.password)
  await expectGreeting(page, ADMIN.username)
  await openAccounts(page)
  const search = page.getByLabel('Search', { exact: true })
  const show = page.getByLabel('Show', { exact: true })

  // Among the Quills each choice keeps its own and leaves the others out.
  await search.fill('quill')
  await expect(usernames(page)).toHaveText(['Quill.Admin', 'Quill.Locked', 'Quill.Plain', 'Quill.Secure'])
  await show.selectOption({ label: 'Locked' })
  await expect(usernames(page)).toHaveText(['Quill.Locked'])
  await show.selectOption({ label: 'Administrators' })
  await expect(usernames(page)).toHaveText(['Quill.Admin'])
  await show.selectOption({ label: 'Two-factor off' })
  await expect(usernames(page)).toHaveText(['Quill.Locked', 'Quill.Plain'])

  // Over every account, each row shown is of the group, and the group is whole.
  await search.fill('')
  const groups = [
    ['Locked', 'Locked', 'Yes', 1],
    ['Administrators', 'Admin', 'Yes', admins],
    ['Two-factor off', '2FA', 'Off', TOTAL - 2]
  ] as const
  for (const [label, column, value, total] of groups) {
    await show.selectOption({ label })
    await expectShown(page, `Showing 1–${Math.min(total, 50)} of ${total}`)
    expect(new Set(await cells(page, column).allInnerTexts()), label).toEqual(new Set([value]))
  }

  // The 2FA column sorts Off before On, then back; names break the ties.
  await show.selectOption({ label: 'All' })
  await search.fill('quill')
  await expect(usernames(page)).toHaveText(['Quill.Admin', 'Quill.Locked', 'Quill.Plain', 'Quill.Secure'])
  const twoFactorHeader = page.getByRole('columnheader', { name: '2FA' })
  await page.getByRole('button', { name: '2FA', exact: true }).click()
  await expect(twoFactorHeader).toHaveAttribute('aria-sort', 'ascending')
  await expect(usernames(page)).toHaveText(['Quill.Locked', 'Quill.Plain', 'Quill.Admin', 'Quill.Secure'])
  await expect(cells(page, '2FA')).toHaveText(['Off', 'Off', 'On', 'On'])
  await page.getByRole('button', { name: '2FA', exact: true }).click()
  await expect(twoFactorHeader).toHaveAttribute('aria-sort', 'descending')
  await expect(usernames(page)).toHaveText(['Quill.Secure', 'Quill.Admin', 'Quill.Plain', 'Quill.Locked'])

  // 100 rows a page; the list takes the window's height, so a taller window shows more of them.
  await page.getByRole('button', { name: 'Username', exact: true }).click()
  await search.fill('')
  await page.getByLabel('Rows per page', { exact: true }).selectOption('100')
  await expectShown(page, `Showing 1–100 of ${TOTAL}`)
  await expect(usernames(page)).toHaveCount(100)
  const listHeight = async (height: number): Promise<number> => {
    await page.setViewportSize({ width: 1280, height })
    return (await accountsList(page).boundingBox())?.height ?? 0
  }
  const short = await listHeight(700)
  const tall = await listHeight(1000)
  expect(short).toBeGreaterThan(0)
  // Most of the 300 pixels the window gained go to the list.
  expect(tall - short).toBeGreaterThan(200)
})
