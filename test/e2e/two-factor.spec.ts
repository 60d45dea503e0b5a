import type { Page } from '@playwright/test'
import { Secret, TOTP } from 'otpauth'
import { ADMIN, expect, test } from './driver'
import {
  button,
  confirmItsYou,
  expectGreeting,
  fillLogIn,
  goToDashboard,
  heading,
  link,
  logIn,
  logOut,
  openAccount,
  openAccounts,
  person,
  signUp
} from './steps'

/** What an authenticator app holding `setupKey` shows `stepsAhead` time-steps from now. */
function appCode(setupKey: string, stepsAhead = 0): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(setupKey) })
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 })
}

/** Dashboard → Two-factor authentication → set up with the app's code; returns the key and recovery codes. */
async function enrol(
  page: Page,
  password: string,
  screenshot?: (name: string) => Promise<void>
): Promise<{ setupKey: string; recoveryCodes: string[] }> {
  await goToDashboard(page)
  await link(page, 'Two-factor authentication').click()
  await expect(heading(page, 'Two-factor authentication')).toBeVisible()
  await button(page, 'Set up two-factor authentication').click()
  // Whoever sits at an open window cannot enrol their own phone: the password first.
  await confirmItsYou(page, password)
  const enrolled = await finishSetup(page, screenshot)
  await expect(page.getByText('Two-factor authentication is on.').first()).toBeVisible()
  await screenshot?.('two-factor-on')
  return enrolled
}

/** From the QR code on screen to the recovery codes saved. */
async function finishSetup(
  page: Page,
  screenshot?: (name: string) => Promise<void>
): Promise<{ setupKey: string; recoveryCodes: string[] }> {
  const qr = page.getByRole('img', { name: 'QR code for your authenticator app' })
  await expect(qr).toBeVisible()
  // Drawn locally: a data: URL, nothing fetched from elsewhere, and actually decoded.
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100)
  const setupKey = (await page.getByLabel('Setup key', { exact: true }).inputValue()).replace(/\s/g, '')
  expect(setupKey).toMatch(/^[A-Z2-7]{32}$/)
  await screenshot?.('two-factor-setup')

  await page.getByLabel('Authentication code', { exact: true }).fill(appCode(setupKey))
  await button(page, 'Turn on two-factor authentication').click()
  await expect(heading(page, 'Recovery codes', 2)).toBeVisible()
  const recoveryCodes = await page.locator('.recovery-code-list code').allInnerTexts()
  expect(recoveryCodes).toHaveLength(10)
  await screenshot?.('two-factor-recovery-codes')
  await button(page, 'I have saved these codes').click()
  return { setupKey, recoveryCodes }
}

async function giveCode(page: Page, label: 'Authentication code' | 'Recovery code', code: string): Promise<void> {
  await expect(heading(page, 'Two-factor authentication')).toBeVisible()
  await page.getByLabel(label, { exact: true }).fill(code)
  await button(page, 'Verify').click()
}

test('a user enrols, then logs in with password and code; a used code and a used recovery code are refused', async ({
  app
}) => {
  test.slow()
  const { page } = app
  const dana = person('dana')
  await signUp(page, dana)
  await expectGreeting(page, 'dana')
  const { setupKey, recoveryCodes } = await enrol(page, dana.password, (name) => app.screenshot(name))

  // Password alone is not enough: the second step, and no greeting until the code.
  await logOut(page)
  await logIn(page, dana.username, dana.password)
  await expect(heading(page, 'Two-factor authentication')).toBeVisible()
  await expect(page.getByLabel('Authentication code', { exact: true })).toBeVisible()
  await expect(page.getByText('Hello, dana!')).toHaveCount(0)
  await app.screenshot('two-factor-login')
  // The enrolment used this step; the app's next code is the first unused one.
  const code = appCode(setupKey, 1)
  await giveCode(page, 'Authentication code', code)
  await expectGreeting(page, 'dana')

  // The same code again, after a right password, is refused beside the field.
  await logOut(page)
  await logIn(page, dana.username, dana.password)
  await giveCode(page, 'Authentication code', code)
  await expect(page.getByRole('alert').filter({ hasText: 'already used' })).toBeVisible()
  await expect(page.getByText('Hello, dana!')).toHaveCount(0)
  await app.screenshot('two-factor-login-refused')

  // A recovery code instead: once.
  await link(page, 'Use a recovery code').click()
  await giveCode(page, 'Recovery code', recoveryCodes[0])
  await expectGreeting(page, 'dana')
  await logOut(page)
  await logIn(page, dana.username, dana.password)
  await link(page, 'Use a recovery code').click()
  await giveCode(page, 'Recovery code', recoveryCodes[0])
  await expect(
    page.getByRole('alert').filter({ hasText: 'recovery code is not right, or was already used' })
  ).toBeVisible()
  await expect(page.getByText('Hello, dana!')).toHaveCount(0)

  // Back to Log in leaves nobody half signed in.
  await link(page, 'Back to Log in').click()
  await expect(heading(page, 'Log in')).toBeVisible()
})

test('an admin sees the 2FA column and turns a user’s two-factor authentication off', async ({ app }) => {
  test.slow()
  const { page } = app
  const erin = person('erin')
  await signUp(page, erin)
  await enrol(page, erin.password)
  await logOut(page)

  await logIn(page, ADMIN.username, ADMIN.password)
  await expectGreeting(page, ADMIN.username)
  await openAccounts(page)
  await expect(page.getByRole('columnheader', { name: '2FA' })).toBeVisible()
  const erinRow = page.getByRole('row').filter({ hasText: erin.email })
  await expect(erinRow.getByRole('cell').nth(4)).toHaveText('On')
  await openAccount(page, erin.username)
  await button(page, 'Turn off two-factor authentication').click()
  await confirmItsYou(page, ADMIN.password)
  await expect(page.getByRole('status').filter({ hasText: 'Two-factor authentication is off for erin' })).toBeVisible()
  await expect(button(page, 'Turn off two-factor authentication')).toHaveCount(0)
  await app.screenshot('account-two-factor-off')
  await logOut(page)

  // erin's password alone logs her in now.
  await goToDashboard(page)
  await link(page, 'Log in').click()
  await fillLogIn(page, erin.username, erin.password)
  await expectGreeting(page, 'erin')
})

test.describe('with two-factor required for administrators', () => {
  test.use({ settings: { twoFactor: { requiredForAdmins: true } } })

  test('an administrator must set it up right after logging in, and can do nothing else until done', async ({
    app
  }) => {
    test.slow()
    const { page } = app
    await logIn(page, ADMIN.username, ADMIN.password)
    await expect(heading(page, 'Two-factor authentication')).toBeVisible()
    await expect(page.getByText('Administrators on this workstation must use two-factor authentication.')).toBeVisible()
    // The set-up starts at once, and asks for the password as every set-up does.
    await confirmItsYou(page, ADMIN.password)
    await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Dashboard', exact: true })).toHaveCount(0)
    await app.screenshot('two-factor-required')
    // Typing another screen's address changes nothing: the set-up stays.
    await page.evaluate(() => {
      window.location.hash = '#/accounts'
    })
    await expect(heading(page, 'Two-factor authentication')).toBeVisible()
    await expect(heading(page, 'Accounts')).toHaveCount(0)

    await finishSetup(page)
    await expect(heading(page, 'Accounts')).toBeVisible()
    await openAccounts(page)
    await expect(page.getByRole('row').filter({ hasText: ADMIN.email }).getByRole('cell').nth(4)).toHaveText('On')
  })
})
