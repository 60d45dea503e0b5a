import { expect, test } from 'local-accounts/testing'
import { action, logIn } from './steps'

const password = 'Lantern-orchard-58'

test('with two-factor on, a password alone is not enough; the current code signs in', async ({
  app,
  accounts,
  twoFactor
}) => {
  const gus = await accounts.create({ username: 'gus', email: 'gus@example.com', password })
  const { secret, recoveryCodes } = await twoFactor.enable('gus')
  expect(recoveryCodes).toHaveLength(10)
  await app.page.reload()
  await logIn(app.page, gus.username, gus.password)
  await expect(app.page.getByRole('heading', { level: 1, name: 'Two-factor authentication' })).toBeVisible()
  await expect(app.page.getByText('Hello, gus!')).toHaveCount(0)
  await app.page.getByLabel('Authentication code', { exact: true }).fill(twoFactor.code(secret))
  await app.page.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(app.page.getByText('Hello, gus!')).toBeVisible()
})

test('a recovery code signs in instead of a code', async ({ app, accounts, twoFactor }) => {
  const hal = await accounts.create({ username: 'hal', email: 'hal@example.com', password })
  const { recoveryCodes } = await twoFactor.enable('hal')
  await app.page.reload()
  await logIn(app.page, hal.username, hal.password)
  await action(app.page, 'Use a recovery code').click()
  await app.page.getByLabel('Recovery code', { exact: true }).fill(recoveryCodes[0])
  await app.page.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(app.page.getByText('Hello, hal!')).toBeVisible()
})
