import { seedAccounts } from '../../scripts/lib/seed-accounts'
import { openDatabase } from '../../src/main/db/database'
import { ADMIN, expect, test } from './driver'
import { expectGreeting, logIn, openAccounts } from './steps'

const SEEDED = 1500

test('a search with more matches than are counted shows "1,000+" and still pages on', async ({ app }) => {
  const { page } = app
  // Seeded through a second connection while the app runs, as `npm run seed` would.
  const db = openDatabase(app.dataDir)
  seedAccounts(db, { users: SEEDED, passwordHash: null, now: Date.now() })
  db.close()

  await logIn(page, ADMIN.username, ADMIN.password)
  await expectGreeting(page, ADMIN.username)
  await openAccounts(page)
  const summary = page.getByRole('status').filter({ hasText: /^Showing / })
  const pager = page.getByRole('navigation', { name: 'Account pages' })
  // Without a search the total is exact, however many accounts there are.
  await expect(summary).toHaveText(`Showing 1–50 of ${(SEEDED + 1).toLocaleString('en-US')}`)

  await page.getByLabel('Search', { exact: true }).fill('example')
  await expect(summary).toHaveText('Showing 1–50 of 1,000+')
  await expect(pager).toContainText('Page 1 of 20+')
  await app.screenshot('accounts-search-capped')

  await pager.getByRole('button', { name: 'Next' }).click()
  await expect(summary).toHaveText('Showing 51–100 of 1,000+')
  await expect(pager).toContainText('Page 2 of 20+')

  // A rare enough match is counted exactly.
  await page.getByLabel('Search', { exact: true }).fill(ADMIN.email)
  await expect(summary).toHaveText('Showing 1–1 of 1')
})
