import { expect, test } from 'local-accounts/testing'
import { enterResetCode, requestResetCode } from './steps'

const password = 'Lantern-orchard-58'
const newPassword = 'Quiet-harbour-93'

test('a reset code read from mail sets a new password; the Mail log shows the message', async ({
  app,
  accounts,
  mail
}) => {
  const erin = await accounts.create({ username: 'erin', email: 'erin@example.com', password })
  await app.page.reload()
  await requestResetCode(app.page, erin.email)

  const message = await mail.latest('ERIN@example.com')
  expect(message.subject).toContain('reset code')
  expect(message.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
  expect(message.text).toContain(message.code)

  const log = await app.mailLog()
  await expect(log.getByRole('heading', { level: 1, name: 'Mail log' })).toBeVisible()
  await expect(log.getByRole('article').filter({ hasText: erin.email })).toHaveCount(1)

  await enterResetCode(app.page, message.code ?? '', newPassword)
  await expect(app.page.getByRole('heading', { level: 1, name: 'Password reset complete' })).toBeVisible()
  // The app also says the password was changed.
  await expect.poll(async () => (await mail.all()).filter((m) => m.to === erin.email).length).toBe(2)
})

test('a reset code stops working once the clock passes its lifetime', async ({ app, accounts, mail, clock }) => {
  const fay = await accounts.create({ username: 'fay', email: 'fay@example.com', password })
  await app.page.reload()
  await requestResetCode(app.page, fay.email)
  const { code } = await mail.latest(fay.email)
  await clock.advance(24 * 3600)
  await enterResetCode(app.page, code ?? '', newPassword)
  await expect(app.page.getByRole('alert').first()).toBeVisible()
  await expect(app.page.getByRole('heading', { level: 1, name: 'Password reset complete' })).toHaveCount(0)
})
