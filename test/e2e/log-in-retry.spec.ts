import { ADMIN, expect, test } from './driver'
import { fillLogIn, formAlert, goToDashboard, link } from './steps'

// Three failures lock a name here, so the second one carries the warning.
test.use({ settings: { lockout: { maxFailures: 3, durationInSeconds: 900 } } })

test('after a wrong password the name stays and Password is emptied and focused; the last try before the lock says so', async ({
  app
}) => {
  test.slow()
  const { page } = app
  await goToDashboard(page)
  await link(page, 'Log in').click()
  const name = page.getByLabel('Username or email', { exact: true })
  const password = page.getByLabel('Password', { exact: true })

  await fillLogIn(page, ADMIN.username, 'not-the-password-1')
  await expect(formAlert(page)).toBeVisible()
  await expect(formAlert(page)).not.toContainText('attempt left')
  const firstFailure = await formAlert(page).innerText()
  await expect(name).toHaveValue(ADMIN.username)
  await expect(password).toHaveValue('')
  await expect(password).toBeFocused()

  // Typing straight away goes into Password, never over the name.
  await page.keyboard.type('not-the-password-2')
  await page.keyboard.press('Enter')
  await expect(formAlert(page)).toContainText('1 attempt left before this name is locked for 15 minutes')
  await expect(name).toHaveValue(ADMIN.username)
  await expect(password).toBeFocused()
  // The screenshot runs axe in both schemes too.
  await app.screenshot('log-in-last-attempt')

  // An unknown name gets the very same words at the same point, and the same form behaviour.
  const warning = await formAlert(page).innerText()
  const unknown = 'nobody-at-all'
  await name.fill(unknown)
  await password.fill('wrong-1')
  await password.press('Enter')
  // Emptied only by the answer: the alert below is the first failure's, not the warning before it.
  await expect(password).toHaveValue('')
  await expect(formAlert(page)).not.toContainText('attempt left')
  await expect(formAlert(page)).toHaveText(firstFailure)
  await expect(name).toHaveValue(unknown)
  await expect(password).toBeFocused()

  await page.keyboard.type('wrong-2')
  await page.keyboard.press('Enter')
  await expect(password).toHaveValue('')
  await expect(formAlert(page)).toHaveText(warning)
  expect(await formAlert(page).innerText()).toBe(warning)
  await expect(name).toHaveValue(unknown)
  await expect(password).toBeFocused()
})
