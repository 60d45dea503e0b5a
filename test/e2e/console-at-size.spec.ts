import type { Page } from '@playwright/test'
import { seedAccounts } from '../../scripts/lib/seed-accounts'
import { emailKey, usernameKey } from '../../src/main/core/accounts/identity'
import { openDatabase } from '../../src/main/db/database'
import { ADMIN, expect, test } from './driver'
import { expectGreeting, logIn, openAccounts } from './steps'

/** 150 characters, the longest a username may be. */
const LONG_NAME = `Maximiliana.${'Wolfeschlegelsteinhausen'.repeat(6)}`.slice(0, 150)

/** Accounts the scenario looks for, written straight into the data folder as `npm run seed` would. */
function addAccounts(dataDir: string): void {
  const db = openDatabase(dataDir)
  try {
    seedAccounts(db, { users: 400, passwordHash: null, now: Date.now() })
    const insert = db.prepare(
      'INSERT INTO users (username, username_key, email, email_key, is_active, created_at) VALUES (?, ?, ?, ?, ?, ?)'
    )
    for (const [username, email, active] of [
      ['José.García', 'jose.garcia@example.com', 1],
      ['łoconnor', 'lo@example.com', 1],
      [LONG_NAME, 'maximiliana@example.com', 0]
    ] as const) {
      insert.run(username, usernameKey(username), email, emailKey(email), active, Date.now())
    }
  } finally {
    db.close()
  }
}

const summary = (page: Page) => page.getByRole('status').filter({ hasText: /^Showing / })
const usernames = (page: Page) => page.getByRole('region', { name: 'Accounts list' }).locator('tbody th')

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
  await expect(summary(page)).toHaveText('Showing 1–25 of 404')
  await page.getByLabel('Page number', { exact: true }).fill('3')
  await page.getByLabel('Page number', { exact: true }).press('Enter')
  await expect(summary(page)).toHaveText('Showing 51–75 of 404')

  await page.getByRole('button', { name: 'Locked', exact: true }).click()
  await expect(page.getByRole('columnheader', { name: 'Locked' })).toHaveAttribute('aria-sort', 'descending')
  await expect(summary(page)).toHaveText('Showing 1–25 of 404')

  // Narrow: optional columns give way, the long name is cut and whole on hover.
  await page.setViewportSize({ width: 900, height: 600 })
  await page.getByRole('button', { name: 'Locked', exact: true }).click()
  await search.fill('maximiliana')
  const longLink = page.getByRole('link', { name: LONG_NAME })
  await expect(longLink).toHaveAttribute('title', LONG_NAME)
  await expect(page.getByRole('columnheader', { name: 'Joined' })).toBeHidden()
  const cell = usernames(page).first()
  expect(await cell.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true)
  await app.screenshot('accounts-900x600-long-name')
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: 'test/artifacts/screens/browser/accounts-900x600-long-name-dark.png' })
  await page.emulateMedia({ colorScheme: 'light' })
})
