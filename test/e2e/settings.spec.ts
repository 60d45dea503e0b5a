import type { Page } from '@playwright/test'
import { closedPort, startLoopbackSmtp } from '../helpers/smtp'
import { ADMIN, expect, test } from './driver'
import { button, expectGreeting, goToDashboard, heading, link, logIn, person, signUp } from './steps'

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true })

const cleanups: Array<() => Promise<void>> = []
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function openSettings(page: Page): Promise<void> {
  await goToDashboard(page)
  await link(page, 'Settings').click()
  await expect(heading(page, 'Settings')).toBeVisible()
  await expect(field(page, 'Minimum length')).toBeVisible()
}

test('an admin raises the minimum length to 12: the next sign-up refuses 11 characters, and the audit trail has it', async ({
  app
}) => {
  const { page } = app
  await logIn(page, ADMIN.username, ADMIN.password)
  await expectGreeting(page, ADMIN.username)
  await openSettings(page)
  await expect(field(page, 'Minimum length')).toHaveValue('8')
  await expect(field(page, 'Idle timeout (minutes)')).toHaveValue('15')
  await app.screenshot('settings')

  // Half a minute of idle time would sign people out while they work: refused beside the field.
  await field(page, 'Idle timeout (minutes)').fill('0.5')
  await field(page, 'Minimum length').fill('12')
  await button(page, 'Save settings').click()
  const idle = page.locator('.field').filter({ has: field(page, 'Idle timeout (minutes)') })
  await expect(idle.getByRole('alert')).toHaveText('Must be at least 1 minute.')
  await app.screenshot('settings-refused')

  await field(page, 'Idle timeout (minutes)').fill('15')
  await field(page, 'Minimum length').fill('12')
  await button(page, 'Save settings').click()
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible()

  // The very next sign-up, in another window, is held to 12.
  const other = await app.openAppWindow()
  await signUp(other, person('erin', 'Qv7-mist-Ox'))
  const password = other.locator('.field').filter({ has: field(other, 'Password') })
  await expect(password.getByRole('alert')).toContainText('It must contain at least 12 characters.')
  await expect(other.getByText('Hello, erin!')).toHaveCount(0)
  await signUp(other, person('erin', 'Qv7-mist-Oxb'))
  await expectGreeting(other, 'erin')

  // One settings_change event, old → new.
  await goToDashboard(page)
  await link(page, 'Manage accounts').click()
  await link(page, 'Audit trail').click()
  await expect(heading(page, 'Audit trail')).toBeVisible()
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Settings changed' })
  const change = page.getByRole('row').filter({ hasText: 'Settings changed' })
  await expect(change).toHaveCount(1)
  await expect(change.getByRole('cell').nth(1)).toHaveText(ADMIN.username)
  await expect(change.getByRole('cell').nth(5)).toHaveText('passwordValidators.minimumLength.minLength: 8 → 12')
})

test('Send test email reaches a loopback SMTP server, and shows the error for a refused port', async ({ app }) => {
  const { page } = app
  const smtp = await startLoopbackSmtp(cleanups)
  await logIn(page, ADMIN.username, ADMIN.password)
  await expectGreeting(page, ADMIN.username)
  await openSettings(page)

  await page.getByRole('radio', { name: 'SMTP', exact: true }).check()
  await field(page, 'SMTP URL').fill(`smtp://127.0.0.1:${smtp.port}`)
  await field(page, 'Test address').fill('desk@example.org')
  await button(page, 'Send test email').click()
  await expect(page.getByRole('status').filter({ hasText: 'Test email sent to desk@example.org.' })).toBeVisible()
  expect(smtp.received.map((message) => message.to)).toEqual([['desk@example.org']])

  const port = await closedPort()
  await field(page, 'SMTP URL').fill(`smtp://127.0.0.1:${port}`)
  await button(page, 'Send test email').click()
  const refused = page.locator('.test-email').getByRole('alert')
  await expect(refused).toContainText('The test email was not sent. The mail server said:')
  await expect(refused).toContainText(`ECONNREFUSED 127.0.0.1:${port}`)
  await app.screenshot('settings-test-email-refused')
  expect(smtp.received).toHaveLength(1)
})

test('a non-admin sees no Settings link, and #/settings shows the Dashboard instead', async ({ app }) => {
  const { page } = app
  const alice = person('alice')
  await signUp(page, alice)
  await expectGreeting(page, 'alice')
  await expect(link(page, 'Settings')).toHaveCount(0)
  await page.evaluate(() => {
    window.location.hash = '#/settings'
  })
  await expect(heading(page, 'Dashboard')).toBeVisible()
  await expect(field(page, 'Minimum length')).toHaveCount(0)
})
