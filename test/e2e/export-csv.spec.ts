import { readFileSync } from 'node:fs'
import { ADMIN, expect, test } from './driver'
import { button, expectGreeting, heading, link, logIn, openAccounts, person, signUp } from './steps'

/**
 * `Export CSV` in the browser preview: there is no save dialog there, so the window fetches the
 * pages and the browser downloads the file. (The desktop app's save dialog is tested against a
 * stand-in for Electron in test/desktop/electron-host.test.ts.)
 */
test('the Accounts console and the Audit trail download their CSV, formula cells neutralised', async ({
  app
}, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'the desktop app asks where to save instead')
  // A sign-up and a login at production argon2 cost, on two shared cores.
  test.slow()
  const { page } = app
  // A name a spreadsheet would run as a formula.
  const evil = person('-evil')
  const other = await app.openAppWindow()
  await signUp(other, evil)
  await expectGreeting(other, evil.username)

  await logIn(page, ADMIN.username, ADMIN.password)
  await expectGreeting(page, ADMIN.username)
  await openAccounts(page)
  const [accounts] = await Promise.all([page.waitForEvent('download'), button(page, 'Export CSV').click()])
  expect(accounts.suggestedFilename()).toBe('accounts.csv')
  const accountsCsv = readFileSync(await accounts.path(), 'utf8')
  expect(accountsCsv.split('\r\n')[0]).toMatch(/^username,email,is_admin,is_active,/)
  expect(accountsCsv).toContain(`'-evil,'-evil@example.com,false,true,`)
  expect(accountsCsv).toContain(`${ADMIN.username},${ADMIN.email},true,true,`)
  await expect(button(page, 'Export CSV')).toBeEnabled()

  await link(page, 'Audit trail').click()
  await expect(heading(page, 'Audit trail')).toBeVisible()
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Sign up' })
  await expect(page.getByRole('status').filter({ hasText: /^Showing / })).toHaveText(/of 1$/)
  const [trail] = await Promise.all([page.waitForEvent('download'), button(page, 'Export CSV').click()])
  expect(trail.suggestedFilename()).toBe('audit-trail.csv')
  const rows = readFileSync(await trail.path(), 'utf8')
    .trimEnd()
    .split('\r\n')
  expect(rows[0]).toBe('time,kind,outcome,actor,subject,detail')
  expect(rows.slice(1)).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,sign_up,success,.*'-evil/)])
})
