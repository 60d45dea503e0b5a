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

/** A section of the Settings screen: its fieldset, named by its legend. */
const section = (page: Page, name: string) => page.getByRole('group', { name, exact: true })

/** Beside the field: its errors. */
const errorsOf = (page: Page, label: string) =>
  page
    .locator('.field')
    .filter({ has: field(page, label) })
    .getByRole('alert')

/** Saving settings is sensitive: the administrator gives the password again (remembered 5 minutes). */
async function confirmItsYou(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: "Confirm it's you" })
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await dialog.getByRole('button', { name: 'Confirm', exact: true }).click()
  await expect(dialog).toBeHidden()
}

test('an admin raises the minimum length to 12: the next sign-up refuses 11 characters, and the audit trail has it', async ({
  app
}) => {
  // Two screens checked with axe in both schemes, a second window and the audit trail.
  test.slow()
  const { page } = app
  await logIn(page, ADMIN.username, ADMIN.password)
  await expectGreeting(page, ADMIN.username)
  await openSettings(page)
  await expect(field(page, 'Minimum length')).toHaveValue('8')
  await expect(field(page, 'Idle timeout (minutes)')).toHaveValue('15')
  await expect(field(page, 'Idle timeout (minutes)')).toHaveAccessibleDescription('1–1440 minutes')
  await app.screenshot('settings')

  // Half a minute of idle time would sign people out while they work: refused beside the field, in whole minutes.
  await field(page, 'Idle timeout (minutes)').fill('0,5')
  await field(page, 'Minimum length').fill('12')
  await button(page, 'Save Sessions settings').click()
  await expect(errorsOf(page, 'Idle timeout (minutes)')).toHaveText('Enter a whole number of minutes.')
  await expect(field(page, 'Idle timeout (minutes)')).toBeFocused()
  await field(page, 'Idle timeout (minutes)').fill('0')
  await button(page, 'Save Sessions settings').click()
  await expect(errorsOf(page, 'Idle timeout (minutes)')).toHaveText('Must be at least 1 minute.')
  await app.screenshot('settings-refused')

  // The same value typed again is no change, and asks for nothing.
  await field(page, 'Idle timeout (minutes)').fill('15')
  await button(page, 'Save Sessions settings').click()
  await expect(section(page, 'Sessions').getByRole('status')).toHaveText('No changes to save.')
  await expect(errorsOf(page, 'Idle timeout (minutes)')).toHaveCount(0)
  await expect(page.getByRole('dialog')).toHaveCount(0)

  // The Passwords section saves its own change, once the administrator confirms it's them.
  await expect(field(page, 'Minimum length')).toHaveValue('12')
  await button(page, 'Save Passwords settings').click()
  await confirmItsYou(page)
  await expect(section(page, 'Passwords').getByRole('status')).toHaveText('Settings saved')

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

test('each section saves only its own fields, leaving with unsaved edits asks, and requiring two-factor says whom it affects', async ({
  app,
  accounts,
  twoFactor
}) => {
  // Three screens checked with axe in both schemes.
  test.slow()
  // Three administrators: ADMIN and cy without two-factor, bea with it.
  await accounts.create({ username: 'bea', email: 'bea@example.org', password: ADMIN.password, admin: true })
  await twoFactor.enable('bea')
  await accounts.create({ username: 'cy', email: 'cy@example.org', password: ADMIN.password, admin: true })
  const { page } = app
  await logIn(page, ADMIN.username, ADMIN.password)
  await expectGreeting(page, ADMIN.username)
  await openSettings(page)
  await expect(field(page, 'Memory (MiB)')).toHaveAccessibleDescription('1–1024 MiB')
  await expect(field(page, 'Session lifetime (hours)')).toHaveAccessibleDescription('1–720 hours')

  // An option of a check that is off cannot be edited.
  const similar = page.getByLabel("Reject passwords similar to the user's details", { exact: true })
  await similar.uncheck()
  await expect(field(page, 'Maximum similarity')).toBeDisabled()
  await similar.check()
  await expect(field(page, 'Maximum similarity')).toBeEnabled()

  // A reset code living 69 days is refused beside its field; the lockout edit typed meanwhile is not sent.
  await field(page, 'Failed attempts before lock').fill('7')
  await field(page, 'Code lifetime (minutes)').fill(String(69 * 24 * 60))
  await button(page, 'Save Reset codes settings').click()
  await expect(errorsOf(page, 'Code lifetime (minutes)')).toHaveText('Must be at most 1440 minutes.')
  await app.screenshot('settings-bound-refused')
  await field(page, 'Code lifetime (minutes)').fill('30')
  await button(page, 'Save Reset codes settings').click()
  await confirmItsYou(page)
  await expect(section(page, 'Reset codes').getByRole('status')).toHaveText('Settings saved')
  await expect(field(page, 'Failed attempts before lock')).toHaveValue('7')
  await expect(section(page, 'Lockout').getByText('Settings saved')).toHaveCount(0)

  // Leaving with the lockout edit unsaved asks; Keep editing keeps it.
  await link(page, 'Dashboard').click()
  const leaving = page.getByRole('dialog', { name: 'Unsaved changes' })
  await expect(leaving).toBeVisible()
  await expect(leaving.getByRole('button', { name: 'Keep editing', exact: true })).toBeFocused()
  await app.screenshot('settings-unsaved-changes')
  await leaving.getByRole('button', { name: 'Keep editing', exact: true }).click()
  await expect(leaving).toBeHidden()
  await expect(heading(page, 'Settings')).toBeVisible()
  await expect(field(page, 'Failed attempts before lock')).toHaveValue('7')

  // Back asks too, and Escape keeps editing.
  await page.goBack()
  await expect(leaving).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(leaving).toBeHidden()
  await expect(field(page, 'Failed attempts before lock')).toHaveValue('7')

  // The address typed by hand asks too; Discard changes goes, and the edit is gone.
  await page.evaluate(() => {
    window.location.hash = '#/dashboard'
  })
  await expect(leaving).toBeVisible()
  await leaving.getByRole('button', { name: 'Discard changes', exact: true }).click()
  await expect(heading(page, 'Dashboard')).toBeVisible()
  await openSettings(page)
  await expect(field(page, 'Failed attempts before lock')).toHaveValue('5')
  await expect(field(page, 'Code lifetime (minutes)')).toHaveValue('30')

  // With nothing unsaved, Back and Forward simply go.
  await page.goBack()
  await expect(heading(page, 'Dashboard')).toBeVisible()
  await page.goForward()
  await expect(heading(page, 'Settings')).toBeVisible()

  // Nothing changed: nothing to save, and nothing asked.
  await button(page, 'Save Lockout settings').click()
  await expect(section(page, 'Lockout').getByRole('status')).toHaveText('No changes to save.')
  await expect(page.getByRole('dialog')).toHaveCount(0)

  // Ticking the requirement first says whom it affects.
  const requireTwoFactor = page.getByLabel('Require two-factor authentication for administrators', { exact: true })
  await requireTwoFactor.check()
  await expect(section(page, 'Two-factor').getByRole('status').first()).toHaveText(
    'This affects 3 administrators, 2 of them without two-factor authentication: they must set it up before they can do anything else.'
  )
  await app.screenshot('settings-two-factor-reach', page, { alsoDark: true })
  await requireTwoFactor.uncheck()
  await expect(section(page, 'Two-factor').getByText('This affects')).toHaveCount(0)

  // Log out never waits on the question: the edits go with the person.
  await field(page, 'Failed attempts before lock').fill('9')
  await button(page, 'Log out').click()
  await expectGreeting(page, 'Guest')
  await expect(page.getByRole('dialog')).toHaveCount(0)
})
