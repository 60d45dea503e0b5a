import { ADMIN, expect, test } from './driver'
import { button, expectGreeting, fillLogIn, heading, link, logIn, person, signUp } from './steps'

/** Two people at one workstation: Lock, Switch user, Unlock, and nothing of one left for the other. */

// Several people, several screens and axe in both schemes each: more than the default minute.
test.describe.configure({ timeout: 240_000 })

test('lock from any screen, switch, the next person sees nothing of the first, who comes back with their password', async ({
  app
}) => {
  const { page } = app
  await page.setViewportSize({ width: 900, height: 600 })
  const alice = person(`alice${'a'.repeat(145)}`)
  await signUp(page, alice)
  await expectGreeting(page, alice.username)
  await link(page, 'Change password').click()
  await expect(heading(page, 'Change password')).toBeVisible()
  const typed = 'half-typed-Secret-42'
  await page.getByLabel('Old password', { exact: true }).fill(typed)

  await button(page, 'Lock').click()
  await expect(heading(page, 'Locked')).toBeVisible()
  await expect(page.getByText(`${alice.username} is locked`)).toBeVisible()
  let html = await page.content()
  expect(html).not.toContain(alice.email)
  expect(html).not.toContain(typed)
  expect(page.url()).not.toContain('change-password')
  await app.screenshot('lock-screen')

  await button(page, 'Switch user').click()
  await expect(heading(page, 'Log in')).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Locked sessions' })).toBeVisible()
  await expect(button(page, `Unlock ${alice.username}`)).toBeVisible()
  await app.screenshot('log-in-locked-sessions')

  const bob = person('bob')
  await signUp(page, bob)
  await expectGreeting(page, 'bob')
  html = await page.content()
  expect(html).not.toContain(alice.email)
  expect(html).not.toContain(typed)

  // Bob leaves with Ctrl+L; alice comes back from the list, with her password.
  await page.keyboard.press('Control+L')
  await expect(heading(page, 'Locked')).toBeVisible()
  await expect(page.getByText('bob is locked')).toBeVisible()
  await button(page, 'Switch user').click()
  await button(page, `Unlock ${alice.username}`).click()
  await expect(heading(page, 'Locked')).toBeVisible()
  await page.getByLabel('Password', { exact: true }).fill('wrong-Password-00')
  await button(page, 'Unlock').click()
  await expect(page.getByText('Your password was entered incorrectly')).toBeVisible()
  await page.getByLabel('Password', { exact: true }).fill(alice.password)
  await button(page, 'Unlock').click()
  await expect(heading(page, 'Change password')).toBeVisible()
  // Her form starts empty: nothing typed before the lock was kept.
  await expect(page.getByLabel('Old password', { exact: true })).toHaveValue('')
})

test('the administrator sees every session and ends one; console rows are gone after Lock', async ({ app }) => {
  const { page } = app
  const other = await app.openAppWindow()
  const carol = person('carol')
  await signUp(other, carol)
  await expectGreeting(other, 'carol')

  await logIn(page, ADMIN.username, ADMIN.password)
  await link(page, 'Manage accounts').click()
  await expect(heading(page, 'Accounts')).toBeVisible()
  await expect(page.getByText(carol.email)).toBeVisible()
  await link(page, 'Sessions').click()
  await expect(heading(page, 'Sessions')).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: 'carol' })
  await expect(row).toContainText('Active')
  await app.screenshot('sessions')
  await row.getByRole('button', { name: /End session/ }).click()
  await expect(page.getByText("carol's session ended.")).toBeVisible()
  await other.reload()
  await expect(other.getByText('An administrator ended your session')).toBeVisible()

  await button(page, 'Lock').click()
  await expect(heading(page, 'Locked')).toBeVisible()
  expect(await page.content()).not.toContain(carol.email)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await button(page, 'Unlock').click()
  await expect(heading(page, 'Sessions')).toBeVisible()
})

test("setting up two-factor asks Confirm it's you first", async ({ app }) => {
  const { page } = app
  const dana = person('dana')
  await signUp(page, dana)
  await link(page, 'Two-factor authentication').click()
  await button(page, 'Set up two-factor authentication').click()
  const dialog = page.getByRole('dialog', { name: "Confirm it's you" })
  await expect(dialog).toBeVisible()
  await app.screenshot('confirm-its-you')
  await dialog.getByLabel('Password', { exact: true }).fill(dana.password)
  await dialog.getByRole('button', { name: 'Confirm', exact: true }).click()
  await expect(page.getByText('Setup key')).toBeVisible()
})

test.describe('after idle time', () => {
  test.use({ settings: { sessions: { idleTimeoutInSeconds: 240 } } })
  test("the next person finds the Lock screen, not the first person's page, and no next= of theirs", async ({
    app,
    clock
  }) => {
    const { page } = app
    const erin = person('erin')
    // Both clocks move on command: main's (the kit's `clock`) counts the idle time, the window's
    // (Playwright's fake timers) counts down to the warning. No real minutes are waited.
    await page.clock.install()
    await page.reload()
    await signUp(page, erin)
    await link(page, 'Change password').click()
    await expect(heading(page, 'Change password')).toBeVisible()
    const pause = async (): Promise<void> => page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000)
    await pause()
    const idleFor = async (seconds: number): Promise<void> => {
      await clock.advance(seconds)
      await page.clock.fastForward(seconds * 1000)
    }
    // The warning comes a minute before; Stay signed in keeps the session.
    const warning = page.getByRole('alertdialog', { name: 'Still there?' })
    await idleFor(120)
    await expect(warning).toBeHidden()
    await idleFor(61)
    await expect(warning).toBeVisible()
    await expect(warning.getByRole('button', { name: 'Stay signed in' })).toBeFocused()
    // axe needs running timers: the window's clock runs again for the last minute's countdown.
    await page.clock.resume()
    await app.screenshot('idle-warning')
    await warning.getByRole('button', { name: 'Stay signed in' }).click()
    await expect(warning).toBeHidden()
    await expect(heading(page, 'Change password')).toBeVisible()
    // Left alone again, it locks: nothing of erin's but her name stays.
    await pause()
    await idleFor(241)
    await expect(heading(page, 'Locked')).toBeVisible()
    expect(await page.content()).not.toContain(erin.email)
    await button(page, 'Switch user').click()
    await fillLogIn(page, ADMIN.username, ADMIN.password)
    await expect(heading(page, 'Dashboard')).toBeVisible()
    expect(page.url()).not.toContain('change-password')
  })
})
