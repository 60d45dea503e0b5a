import type { Page } from '@playwright/test'
import { ADMIN, expect, test } from './driver'
import {
  expectFieldError,
  expectGreeting,
  fillLogIn,
  fillResetCode,
  formAlert,
  link,
  logOut,
  mailsTo,
  newestResetCode,
  person,
  requestResetCode,
  signUp
} from './steps'

const NEW_PASSWORD = 'Copper-kettle-31-steam'

/**
 * A refused code: once the answer is in, focus is back in Reset code (it was on the button) and the
 * error sits beside it; the new password typed is kept, so only the code is typed again.
 */
async function expectCodeRefused(page: Page, text: RegExp): Promise<void> {
  await expect(page.getByLabel('Reset code', { exact: true })).toBeFocused()
  await expectFieldError(page, 'Reset code', text)
  await expect(page.getByLabel('New password', { exact: true })).not.toHaveValue('')
  await expect(page.getByLabel('New password confirmation', { exact: true })).not.toHaveValue('')
}

test('a code read in the Mail log resets the password: the old one fails, the new one works, the code works once', async ({
  app
}) => {
  const { page } = app
  const carol = person('carol')
  await signUp(page, carol)
  await expectGreeting(page, 'carol')
  await logOut(page)

  const mail = await app.openMailLog()
  await expect(mail.getByRole('heading', { level: 1, name: 'Mail log' })).toBeVisible()
  await expect(mail.getByText('No messages yet.')).toBeVisible()
  await app.screenshot('mail-log-empty', mail)

  await requestResetCode(page, carol.email)
  // The Mail log was open before the message existed: it arrives there without a reload.
  const code = await newestResetCode(mail, carol.email)
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
  await expect(mail.getByRole('button', { name: 'Copy code' })).toBeVisible()
  await expect(mailsTo(mail, carol.email).first()).toContainText(code)
  await app.screenshot('mail-log', mail)

  // Typed as people do: lower case, no dashes.
  await fillResetCode(page, code.toLowerCase().replaceAll('-', ''), NEW_PASSWORD)
  await expect(page.getByRole('heading', { level: 1, name: 'Password reset complete' })).toBeVisible()
  await expect(page.getByText('Signed in as')).toHaveCount(0)
  await app.screenshot('reset-complete')

  await link(page, 'Log in').click()
  await fillLogIn(page, carol.username, carol.password)
  await expect(formAlert(page)).toBeVisible()
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD)
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
  await expectGreeting(page, 'carol')
  await expect(mailsTo(mail, carol.email).filter({ hasText: 'password was changed' })).toHaveCount(1)
  await logOut(page)

  await link(page, 'Log in').click()
  await link(page, 'Forgot your password?').click()
  await link(page, 'Enter it').click()
  await fillResetCode(page, code, 'Another-fresh-password-77')
  await expectFieldError(page, 'Reset code', /already been used/)
  await expect(link(page, 'Request a new reset code')).toBeVisible()
  // The refused second use changed nothing.
  await link(page, 'Back to Log in').click()
  await fillLogIn(page, carol.username, NEW_PASSWORD)
  await expectGreeting(page, 'carol')
})

test('an unknown address gets the same screen and the same words as a known one, and no mail', async ({ app }) => {
  const { page } = app
  await requestResetCode(page, ADMIN.email)
  const knownNotice = await page.getByRole('status').innerText()
  expect(knownNotice).not.toContain(ADMIN.email)

  await requestResetCode(page, 'nobody-here@example.com')
  await expect(page.getByRole('status')).toHaveText(knownNotice)
  await expect(page.getByRole('alert')).toHaveCount(0)

  const mail = await app.openMailLog()
  await expect(mailsTo(mail, ADMIN.email)).toHaveCount(1)
  await expect(mailsTo(mail, 'nobody-here@example.com')).toHaveCount(0)
})

test('Reset password asks for a valid address before anything else', async ({ app }) => {
  const { page } = app
  await link(page, 'Log in').click()
  await link(page, 'Forgot your password?').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Reset password' })).toBeVisible()
  await app.screenshot('reset-request')
  await page.getByLabel('Email address', { exact: true }).fill('not-an-address')
  await page.getByRole('button', { name: 'Send reset code', exact: true }).click()
  await expectFieldError(page, 'Email address', /valid email/i)
  await expect(page.getByRole('heading', { level: 1, name: 'Reset password' })).toBeVisible()
})

test('wrong codes are refused beside the field; a weak password leaves the code usable', async ({ app }) => {
  const { page } = app
  const mail = await app.openMailLog()
  await requestResetCode(page, ADMIN.email)
  const code = await newestResetCode(mail, ADMIN.email)

  await fillResetCode(page, 'not a code', NEW_PASSWORD)
  await expectFieldError(page, 'Reset code', /16 letters and digits/)
  await expect(page.getByLabel('Reset code', { exact: true })).toBeFocused()

  const wrong = code.startsWith('0000') ? 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' : '0000-0000-0000-0000'
  await fillResetCode(page, wrong, NEW_PASSWORD)
  await expectFieldError(page, 'Reset code', /not valid/)
  await expect(link(page, 'Request a new reset code')).toBeVisible()
  await app.screenshot('reset-confirm-error')

  await fillResetCode(page, code, '1234567', '7654321')
  await expectFieldError(page, 'New password', /too short/)
  await expectFieldError(page, 'New password', /entirely numeric/)
  await expectFieldError(page, 'New password confirmation', /didn.t match/)
  await expect(page.getByLabel('Reset code', { exact: true })).toHaveValue(code)

  await fillResetCode(page, code, NEW_PASSWORD)
  await expect(page.getByRole('heading', { level: 1, name: 'Password reset complete' })).toBeVisible()
  await link(page, 'Log in').click()
  await fillLogIn(page, ADMIN.username, NEW_PASSWORD)
  await expectGreeting(page, ADMIN.username)
})

test('a new request kills the earlier code, and the Mail log lists the newest first', async ({ app }) => {
  const { page } = app
  const mail = await app.openMailLog()
  await requestResetCode(page, ADMIN.email)
  const first = await newestResetCode(mail, ADMIN.email)
  await requestResetCode(page, ADMIN.email)
  await expect(mailsTo(mail, ADMIN.email)).toHaveCount(2)
  const second = await newestResetCode(mail, ADMIN.email)
  expect(second).not.toBe(first)
  await expect(mail.getByRole('status').filter({ hasText: '2 messages' })).toBeVisible()

  await fillResetCode(page, first, NEW_PASSWORD)
  await expectCodeRefused(page, /not valid/)

  // The newest message's Copy code, pasted into Enter reset code.
  await mail.getByRole('button', { name: 'Copy code' }).first().click()
  await expect(mail.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible()
  const codeInput = page.getByLabel('Reset code', { exact: true })
  await codeInput.fill('')
  await codeInput.press('ControlOrMeta+V')
  await expect(codeInput).toHaveValue(second)
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
  await page.getByLabel('New password confirmation', { exact: true }).fill(NEW_PASSWORD)
  await page.getByRole('button', { name: 'Set new password', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Password reset complete' })).toBeVisible()
})

test('five wrong codes in a window kill the live code', async ({ app }) => {
  const { page } = app
  const mail = await app.openMailLog()
  await requestResetCode(page, ADMIN.email)
  const code = await newestResetCode(mail, ADMIN.email)
  const wrong = code.startsWith('0000') ? 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' : '0000-0000-0000-0000'
  for (let attempt = 1; attempt <= 4; attempt++) {
    await fillResetCode(page, wrong, NEW_PASSWORD)
    await expectCodeRefused(page, /not valid/)
  }
  await fillResetCode(page, wrong, NEW_PASSWORD)
  await expectCodeRefused(page, /Too many wrong codes/)
  await fillResetCode(page, code, NEW_PASSWORD)
  await expectCodeRefused(page, /Too many wrong codes/)
  await link(page, 'Back to Log in').click()
  await fillLogIn(page, ADMIN.username, ADMIN.password)
  await expectGreeting(page, ADMIN.username)
})
