import { ADMIN, expect, test } from 'local-accounts/testing'
import { action, logIn } from './steps'

const password = 'Lantern-orchard-58'

test('the seeded administrator signs in and sees the admin links', async ({ app }) => {
  await expect(app.page.getByText('Hello, Guest!')).toBeVisible()
  await logIn(app.page, ADMIN.username, ADMIN.password)
  await expect(app.page.getByText(`Hello, ${ADMIN.username}!`)).toBeVisible()
  await expect(action(app.page, 'Manage accounts')).toBeVisible()
})

test('an account made with accounts.create signs in, by its email address', async ({ app, accounts }) => {
  const bob = await accounts.create({ username: 'bob', email: 'bob@example.com', password })
  // A page shows accounts made with `accounts` from its next navigation or reload.
  await app.page.reload()
  await logIn(app.page, bob.email, bob.password)
  await expect(app.page.getByText('Hello, bob!')).toBeVisible()
})

test('every test has a fresh data folder: bob from the test before is not here', async ({ app }) => {
  expect(app.dataDir).toMatch(/local-accounts-test-/)
  await logIn(app.page, 'bob', password)
  await expect(app.page.getByRole('alert').first()).toBeVisible()
  await expect(app.page.getByText('Hello, bob!')).toHaveCount(0)
})

test('an inactive account and a locked-out account cannot sign in', async ({ app, accounts }) => {
  await accounts.create({ username: 'carol', email: 'carol@example.com', password, active: false })
  await accounts.create({ username: 'dave', email: 'dave@example.com', password })
  await accounts.lockOut('dave')
  await app.page.reload()
  await logIn(app.page, 'carol', password)
  await expect(app.page.getByRole('alert').first()).toBeVisible()
  await expect(app.page.getByText('Hello, carol!')).toHaveCount(0)
  await app.page.getByLabel('Username or email', { exact: true }).fill('dave')
  await app.page.getByRole('button', { name: 'Log in', exact: true }).click()
  await expect(app.page.getByRole('alert').filter({ hasText: 'Too many failed attempts' })).toBeVisible()
})

test('two windows are two people; the idle timeout locks one once the clock moves on', async ({ app, clock }) => {
  const other = await app.openWindow()
  await logIn(app.page, ADMIN.username, ADMIN.password)
  await expect(app.page.getByText(`Hello, ${ADMIN.username}!`)).toBeVisible()
  await other.reload()
  await expect(other.getByText('Hello, Guest!')).toBeVisible()
  await clock.advance(16 * 60)
  await app.page.reload()
  await expect(app.page.getByRole('heading', { level: 1, name: 'Locked' })).toBeVisible()
  await expect(app.page.getByText(`${ADMIN.username} is locked`)).toBeVisible()
  // Unlocking takes the password again.
  await app.page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await app.page.getByRole('button', { name: 'Unlock', exact: true }).click()
  await expect(app.page.getByText(`Hello, ${ADMIN.username}!`)).toBeVisible()
})

test.describe('with idleAction logOut', () => {
  test.use({ settings: { sessions: { idleAction: 'logOut' } } })

  test('the idle timeout signs out instead', async ({ app, clock }) => {
    await logIn(app.page, ADMIN.username, ADMIN.password)
    await expect(app.page.getByText(`Hello, ${ADMIN.username}!`)).toBeVisible()
    await clock.advance(16 * 60)
    await app.page.reload()
    await expect(app.page.getByText(/without activity/)).toBeVisible()
  })
})

test.describe('an empty data folder', () => {
  test.use({ seed: 'empty' })

  test('opens on the First run screen', async ({ app }) => {
    await expect(app.page.getByRole('heading', { level: 1, name: 'Create administrator' })).toBeVisible()
  })
})
