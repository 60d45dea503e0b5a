import { ADMIN, expect, test } from './driver'
import {
  expectGreeting,
  fillChangePassword,
  fillLogIn,
  formAlert,
  goToDashboard,
  link,
  logIn,
  logOut,
  person,
  signUp
} from './steps'

test('sign up greets the new user, and log out returns to Guest', async ({ app }) => {
  const { page } = app
  await expect(page.getByText('Hello, Guest!')).toBeVisible()
  await app.screenshot('dashboard-guest')
  const alice = person('alice')
  await signUp(page, alice)
  await expectGreeting(page, 'alice')
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
  await expect(link(page, 'Change password')).toBeVisible()
  await expect(link(page, 'Manage accounts')).toHaveCount(0)
  await app.screenshot('dashboard-signed-in')
  await logOut(page)
  await expect(link(page, 'Log in')).toBeVisible()
  await expect(link(page, 'Sign up')).toBeVisible()
})

test('log in works with the username and with the email address, in any case', async ({ app }) => {
  const { page } = app
  const bob = person('Bob')
  await signUp(page, bob)
  await expectGreeting(page, 'Bob')
  await logOut(page)
  await logIn(page, 'bob', bob.password)
  await expectGreeting(page, 'Bob')
  await logOut(page)
  await logIn(page, 'BOB@example.com', bob.password)
  await expectGreeting(page, 'Bob')
})

test('a wrong password and an unknown user get the same message', async ({ app }) => {
  const { page } = app
  await logIn(page, ADMIN.username, 'not-the-password')
  await expect(formAlert(page)).toBeVisible()
  const wrongPassword = await formAlert(page).innerText()
  await app.screenshot('log-in-error')
  await page.getByLabel('Username or email', { exact: true }).fill('nobody-here')
  await page.getByLabel('Password', { exact: true }).fill('not-the-password')
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
  await expect(formAlert(page)).toHaveText(wrongPassword)
  expect(wrongPassword.toLowerCase()).not.toContain('nobody-here')
  await expect(page.getByText('Hello, Guest!')).toHaveCount(0)
})

test('sign up reports every validator error beside its field', async ({ app }) => {
  const { page } = app
  await goToDashboard(page)
  await link(page, 'Sign up').click()
  // The rules are there before anyone types.
  await expect(page.getByText(/at least 8 characters/)).toBeVisible()
  await app.screenshot('sign-up')
  await page.getByLabel('Username', { exact: true }).fill('ADMIN')
  await page.getByLabel('Email address', { exact: true }).fill('not-an-email')
  await page.getByLabel('Password', { exact: true }).fill('1234567')
  await page.getByLabel('Password confirmation', { exact: true }).fill('7654321')
  await page.getByRole('button', { name: 'Sign up', exact: true }).click()
  const alerts = page.getByRole('alert')
  await expect(alerts.filter({ hasText: 'A user with that username already exists.' })).toBeVisible()
  await expect(alerts.filter({ hasText: /valid email/i })).toBeVisible()
  await expect(alerts.filter({ hasText: /too short/i })).toBeVisible()
  await expect(alerts.filter({ hasText: /entirely numeric/i })).toBeVisible()
  await expect(alerts.filter({ hasText: /didn.t match/i })).toBeVisible()
  await expect(page.getByLabel('Username', { exact: true })).toBeFocused()
  await app.screenshot('sign-up-errors')
  await expect(page.getByRole('heading', { level: 1, name: 'Sign up' })).toBeVisible()
})

test('after a password change the old password fails and the new one works', async ({ app }) => {
  const { page } = app
  const carol = person('carol')
  await signUp(page, carol)
  await link(page, 'Change password').click()
  await app.screenshot('change-password')
  await fillChangePassword(page, 'wrong-old-password', 'Meadow-kestrel-31')
  await expect(page.getByRole('alert').filter({ hasText: /old password/i })).toBeVisible()
  await app.screenshot('change-password-error')
  await fillChangePassword(page, carol.password, 'Meadow-kestrel-31')
  await expect(page.getByRole('heading', { level: 1, name: 'Password changed' })).toBeVisible()
  await app.screenshot('password-changed')
  await logOut(page)
  await logIn(page, 'carol', carol.password)
  await expect(formAlert(page)).toBeVisible()
  await fillLogIn(page, 'carol', 'Meadow-kestrel-31')
  await expectGreeting(page, 'carol')
})

test('Change password while signed out goes through Log in and comes back', async ({ app }) => {
  const { page } = app
  const dave = person('dave')
  await signUp(page, dave)
  await logOut(page)
  // Guests have no Change password link: the screen is reached by its address (a bookmark, Back).
  await expect(link(page, 'Change password')).toHaveCount(0)
  await page.evaluate(() => (window.location.hash = '#/change-password'))
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible()
  await app.screenshot('log-in')
  await fillLogIn(page, 'dave', dave.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Change password' })).toBeVisible()
})

test('two windows are two independent sessions', async ({ app }) => {
  const { page } = app
  const erin = person('erin')
  await signUp(page, erin)
  const other = await app.openAppWindow()
  await expect(other.getByText('Hello, Guest!')).toBeVisible()
  await logIn(other, ADMIN.username, ADMIN.password)
  await expectGreeting(other, 'admin')
  await expect(link(other, 'Manage accounts')).toBeVisible()
  await app.screenshot('dashboard-admin', other)
  await page.reload()
  await expectGreeting(page, 'erin')
  await logOut(other)
  await page.reload()
  await expectGreeting(page, 'erin')
})

test.describe('first run', () => {
  test.use({ seed: 'empty' })

  test('opens on Create administrator, then that screen is gone for good', async ({ app }) => {
    const { page } = app
    await expect(page.getByRole('heading', { level: 1, name: 'Create administrator' })).toBeVisible()
    await app.screenshot('create-administrator')
    await page.getByLabel('Username', { exact: true }).fill('root')
    await page.getByLabel('Email address', { exact: true }).fill('root@example.com')
    await page.getByLabel('Password', { exact: true }).fill('Granite-valley-44')
    await page.getByLabel('Password confirmation', { exact: true }).fill('Granite-valley-44')
    await page.getByRole('button', { name: 'Create administrator', exact: true }).click()
    await expectGreeting(page, 'root')
    await expect(link(page, 'Manage accounts')).toBeVisible()
    const other = await app.openAppWindow()
    await expect(other.getByText('Hello, Guest!')).toBeVisible()
    await expect(other.getByRole('heading', { name: 'Create administrator' })).toHaveCount(0)
  })
})

test('forms work from the keyboard: focus starts in the first field and Enter submits', async ({ app }) => {
  const { page } = app
  await goToDashboard(page)
  await link(page, 'Log in').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible()
  await expect(page.getByLabel('Username or email', { exact: true })).toBeFocused()
  await page.keyboard.type(ADMIN.username)
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused()
  await page.keyboard.type('wrong-password-typed')
  await page.keyboard.press('Enter')
  await expect(formAlert(page)).toBeVisible()
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByLabel('Password', { exact: true }).press('Enter')
  await expectGreeting(page, ADMIN.username)
})
