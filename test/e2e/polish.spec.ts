import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { Secret, TOTP } from 'otpauth'
import { ADMIN, expect, test } from './driver'
import {
  confirmItsYou,
  button,
  expectGreeting,
  fillChangePassword,
  fillResetCode,
  goToDashboard,
  heading,
  link,
  logIn,
  logOut,
  newestResetCode,
  openAccount,
  openAccounts,
  person,
  requestResetCode,
  signUp
} from './steps'

/** 150 characters, the longest a username may be: one word, so nothing may break it. */
const LONG_NAME = 'Bartholomew'.repeat(13) + 'Maximiliane'.slice(0, 7)

/** A rule of the password checklist, by its words; its state is spoken after them ("done", "not yet"). */
const rule = (page: Page, text: string | RegExp) => page.getByRole('listitem').filter({ hasText: text })

/** Every word of `selector`'s text sits on one line: no "wron g crede ntials". */
async function wordsUnbroken(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluateAll((cells) =>
    cells.every((cell) => {
      const text = cell.firstChild
      if (!text || text.nodeType !== Node.TEXT_NODE) return true
      const content = text.textContent ?? ''
      const range = document.createRange()
      let start = 0
      for (const word of content.split(' ')) {
        range.setStart(text, start)
        range.setEnd(text, start + word.length)
        start += word.length + 1
        if (word && range.getClientRects().length > 1) return false
      }
      return true
    })
  )
}

test.describe('at 900×600', () => {
  test.use({ viewport: { width: 900, height: 600 } })

  test('password fields: Show password, a checklist that ticks as you type, and what was typed kept after an error elsewhere', async ({
    app
  }) => {
    test.slow()
    const { page } = app
    await goToDashboard(page)
    await link(page, 'Sign up').click()
    await expect(heading(page, 'Sign up')).toBeVisible()
    const password = page.getByLabel('Password', { exact: true })
    await expect(rule(page, /at least 8 characters/)).toContainText('not yet')
    await expect(rule(page, /at most 1024/)).toHaveCount(0)

    await password.fill('1234567')
    await expect(rule(page, /at least 8 characters/)).toContainText('not yet')
    await expect(rule(page, /entirely numeric/)).toContainText('not yet')
    await password.fill('Lantern-orchard-58')
    await expect(rule(page, /at least 8 characters/)).toContainText('done')
    await expect(rule(page, /entirely numeric/)).toContainText('done')
    await expect(rule(page, /commonly used/)).toContainText('checked when you submit')
    await password.fill('x'.repeat(1030))
    await expect(rule(page, /at most 1024/)).toContainText('not yet')

    // Show password: the same field, readable, and back.
    const show = button(page, 'Show password').first()
    await expect(password).toHaveAttribute('type', 'password')
    await show.click()
    await expect(show).toHaveAttribute('aria-pressed', 'true')
    await expect(password).toHaveAttribute('type', 'text')
    await password.fill('Lantern-orchard-58')
    await app.screenshot('sign-up-checklist')
    await show.click()
    await expect(password).toHaveAttribute('type', 'password')
  })

  test('an error about another field, a wrong old password or a wrong reset code keeps the new password', async ({
    app
  }) => {
    test.slow()
    const { page } = app
    await goToDashboard(page)
    await link(page, 'Sign up').click()
    const password = page.getByLabel('Password', { exact: true })
    await password.fill('Lantern-orchard-58')
    // An error about the username keeps both password fields.
    await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
    await page.getByLabel('Email address', { exact: true }).fill('someone@example.com')
    await page.getByLabel('Password confirmation', { exact: true }).fill('Lantern-orchard-58')
    await button(page, 'Sign up').click()
    await expect(page.getByRole('alert').filter({ hasText: 'already exists' })).toBeVisible()
    await expect(password).toHaveValue('Lantern-orchard-58')
    await expect(page.getByLabel('Password confirmation', { exact: true })).toHaveValue('Lantern-orchard-58')

    // A wrong old password keeps the new one.
    const erin = person('erin')
    await signUp(page, erin)
    await expectGreeting(page, 'erin')
    await link(page, 'Change password').click()
    await fillChangePassword(page, 'Not-my-password-1', 'Copper-kettle-77')
    await expect(page.getByRole('alert').filter({ hasText: /old password/i })).toBeVisible()
    await expect(page.getByLabel('Old password', { exact: true })).toHaveValue('')
    await expect(page.getByLabel('New password', { exact: true })).toHaveValue('Copper-kettle-77')
    await expect(page.getByLabel('New password confirmation', { exact: true })).toHaveValue('Copper-kettle-77')
    await app.screenshot('change-password-kept')
  })

  test('a wrong reset code keeps the new password', async ({ app }) => {
    test.slow()
    const { page } = app
    const mail = await app.openMailLog()
    await requestResetCode(page, ADMIN.email)
    const code = await newestResetCode(mail, ADMIN.email)
    const wrong = code.startsWith('0000') ? 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' : '0000-0000-0000-0000'
    await fillResetCode(page, wrong, 'Copper-kettle-77')
    await expect(page.getByRole('alert').filter({ hasText: /not valid/ })).toBeVisible()
    await expect(page.getByLabel('New password', { exact: true })).toHaveValue('Copper-kettle-77')
    await expect(rule(page, /at least 8 characters/)).toContainText('done')
    await app.screenshot('reset-confirm-kept')
  })

  test('two-factor: Copy key, then Copy, Download and Print the recovery codes', async ({ app }) => {
    test.slow()
    const { page } = app
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText())
    const fiona = person('fiona')
    await signUp(page, fiona)
    await expectGreeting(page, 'fiona')
    await link(page, 'Two-factor authentication').click()
    await button(page, 'Set up two-factor authentication').click()
    await confirmItsYou(page, fiona.password)
    const setupKey = (await page.getByLabel('Setup key', { exact: true }).inputValue()).replace(/\s/g, '')
    await button(page, 'Copy key').click()
    await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible()
    expect(await clipboard()).toBe(setupKey)

    const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(setupKey) })
    await page.getByLabel('Authentication code', { exact: true }).fill(totp.generate())
    await button(page, 'Turn on two-factor authentication').click()
    const codesHeading = heading(page, 'Recovery codes', 2)
    await expect(codesHeading).toBeFocused()
    const codes = await page.locator('.recovery-code-list code').allInnerTexts()
    expect(codes).toHaveLength(10)
    // The focus ring is the one every screen's heading has: an outline in the focus colour, none by default.
    const ring = (locator = codesHeading) => locator.evaluate((el) => getComputedStyle(el).outlineStyle)
    expect(await ring()).toBe('none')
    await app.screenshot('recovery-codes-actions')

    await button(page, 'Copy codes').click()
    expect((await clipboard()).split('\n')).toEqual(codes)

    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Download codes').click()])
    expect(download.suggestedFilename()).toBe('local-accounts-recovery-codes.txt')
    const saved = readFileSync(await download.path(), 'utf8')
    for (const code of codes) expect(saved).toContain(code)
    expect(saved).toContain('fiona')

    await page.evaluate(() => {
      ;(window as unknown as { printed: number }).printed = 0
      window.print = () => {
        ;(window as unknown as { printed: number }).printed++
      }
    })
    await button(page, 'Print codes').click()
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
    // On paper: the codes, without the header or the buttons.
    await page.emulateMedia({ media: 'print' })
    await expect(page.locator('.recovery-code-list')).toBeVisible()
    await expect(page.locator('.app-header')).toBeHidden()
    await expect(button(page, 'I have saved these codes')).toBeHidden()
    await page.emulateMedia({ media: 'screen' })
  })

  test('a 150-character name: the header stays one line, and the audit trail keeps Kind, Outcome and Detail on screen', async ({
    app
  }) => {
    test.slow()
    const { page } = app
    const long = person(LONG_NAME)
    await signUp(page, long)
    await expectGreeting(page, LONG_NAME)
    const header = page.locator('header.app-header')
    const name = header.getByText(LONG_NAME)
    await expect(name).toBeVisible()
    expect((await header.boundingBox())?.height).toBeLessThan(60)
    await expect(header.locator('[title]').filter({ hasText: LONG_NAME })).toHaveAttribute('title', LONG_NAME)
    await app.screenshot('header-long-name')
    await logOut(page)
    await logIn(page, LONG_NAME, 'Wrong-password-1')
    await expect(page.getByRole('alert').first()).toBeVisible()

    await logIn(page, ADMIN.username, ADMIN.password)
    await expectGreeting(page, ADMIN.username)
    await openAccounts(page)
    await link(page, 'Audit trail').click()
    await expect(heading(page, 'Audit trail')).toBeVisible()
    const failed = page.getByRole('row').filter({ hasText: 'Failure' }).first()
    await expect(failed).toBeVisible()
    for (const column of ['Kind', 'Outcome', 'Detail']) {
      const box = await page.getByRole('columnheader', { name: column }).boundingBox()
      expect(box, column).not.toBeNull()
      expect((box?.x ?? 0) + (box?.width ?? 0), `${column} within the window`).toBeLessThanOrEqual(900)
    }
    const cut = page.getByRole('cell', { name: LONG_NAME }).first()
    await expect(cut).toHaveAttribute('title', LONG_NAME)
    expect(await wordsUnbroken(page, '.detail-cell')).toBe(true)
    await app.screenshot('audit-trail-long-name')
  })
})

test('an IDN email reads in Unicode everywhere, the reset email and the Mail log agree on the time zone', async ({
  app
}) => {
  test.slow()
  const { page } = app
  const zoe = { username: 'zoe', email: 'zoe@exämple.com', password: 'Lantern-orchard-58' }
  await signUp(page, zoe)
  await expectGreeting(page, 'zoe')
  await logOut(page)

  const mail = await app.openMailLog()
  await requestResetCode(page, zoe.email)
  const message = mail.getByRole('article').first()
  await expect(message).toContainText('zoe@exämple.com')
  await expect(message).not.toContainText('xn--')
  const text = await message.locator('.mail-body').innerText()
  const expiry = /expires at (\d{4}-\d\d-\d\d \d\d:\d\d) UTC \(in (\d+ minutes?)\)/.exec(text.replace(/\s+/g, ' '))
  expect(expiry).not.toBeNull()
  // The Mail log writes its time in the same zone, and says so.
  await expect(message.locator('time')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
  await app.screenshot('mail-log-utc', mail)

  await logIn(page, ADMIN.username, ADMIN.password)
  await openAccounts(page)
  await expect(page.getByRole('cell', { name: 'zoe@exämple.com' })).toBeVisible()
  await openAccount(page, 'zoe')
  await expect(page.getByText('zoe@exämple.com').first()).toBeVisible()
  await expect(page.getByText(/xn--/)).toHaveCount(0)
})

test.describe('with one-minute reset codes', () => {
  test.use({ settings: { resetCodes: { lifetimeInSeconds: 60 } } })

  test('the reset email says "in 1 minute"', async ({ app }) => {
    const mail = await app.openMailLog()
    await requestResetCode(app.page, ADMIN.email)
    await expect(mail.getByRole('article').first()).toContainText('(in 1 minute)')
  })
})

test('an answer that ends the session moves the window on by itself; a refused action says why beside its buttons', async ({
  app
}) => {
  test.slow()
  const { page } = app
  const gina = person('gina')
  await signUp(page, gina)
  await expectGreeting(page, 'gina')
  await link(page, 'Two-factor authentication').click()
  await expect(button(page, 'Set up two-factor authentication')).toBeVisible()

  // An administrator elsewhere deactivates gina: her next call is refused, and the window moves on by itself.
  const admin = await app.openAppWindow()
  await logIn(admin, ADMIN.username, ADMIN.password)
  await openAccounts(admin)
  await openAccount(admin, 'gina')
  await button(admin, 'Deactivate').click()
  await expect(admin.getByRole('status').filter({ hasText: 'gina is deactivated' })).toBeVisible()
  // The last administrator cannot deactivate themselves: the refusal sits beside the Access buttons.
  await openAccounts(admin)
  await openAccount(admin, ADMIN.username)
  await button(admin, 'Deactivate').click()
  // One's own account asks first.
  await button(admin, 'Deactivate my account').click()
  await expect(admin.getByRole('alert').filter({ hasText: 'last active administrator' })).toBeVisible()

  // Her window's next call (or its session check, whichever comes first) is refused as signed
  // out; the window asks main and leaves her screen for Log in.
  const setUp = button(page, 'Set up two-factor authentication')
  if (await setUp.isVisible()) await setUp.click({ timeout: 5000 }).catch(() => undefined)
  await expect(heading(page, 'Log in')).toBeVisible()
  await expect(page.getByText('Signed in as')).toHaveCount(0)
  await expect(page.getByText('Hello, gina!')).toHaveCount(0)
})

test('when main does not answer, the window says so and shows nothing it knew before', async ({ app }) => {
  const admin = app.page
  await logIn(admin, ADMIN.username, ADMIN.password)
  await expectGreeting(admin, ADMIN.username)
  await openAccounts(admin)
  let mainAnswers = false
  await admin.route('**/api/**', (route) => (mainAnswers ? route.continue() : route.abort()))
  await link(admin, 'Dashboard').click()
  await link(admin, 'Manage accounts').click()
  await expect(heading(admin, 'Not responding')).toBeVisible()
  await expect(admin.getByText('Signed in as')).toHaveCount(0)
  await expect(admin.getByText(ADMIN.email)).toHaveCount(0)
  await app.screenshot('not-responding', admin)
  mainAnswers = true
  await button(admin, 'Try again').click()
  await expect(admin.getByText('Signed in as')).toBeVisible()
  await expect(heading(admin, 'Not responding')).toHaveCount(0)
})
