import { ADMIN, expect, test } from './driver'
import { expectGreeting, fillLogIn, formAlert, goToDashboard, link, logIn, logOut, openAccount } from './steps'
import { directoryEnv, PEOPLE_FIXTURE, Slapd, slapdMissing } from '../helpers/slapd'

const [dora, dan] = PEOPLE_FIXTURE
const missing = slapdMissing()
let slapd: Slapd | null = null

test.beforeAll(async () => {
  if (!missing) slapd = await Slapd.start()
})
test.afterAll(async () => {
  await slapd?.stop()
})
test.beforeEach(async () => {
  test.skip(missing !== null, `Directory end-to-end skipped: ${missing}`)
  await slapd?.resume()
})

test.use({
  settings: { build: () => ({ directory: (slapd as Slapd).settings() }) },
  hostEnv: directoryEnv() as Record<string, string>
})

const DIRECTORY_MANAGED = "Your password is managed by your organisation's directory."

test('a directory user logs in, is an administrator by group membership, and manages no password here', async ({
  app
}) => {
  const { page } = app
  await logIn(page, dora.uid, dora.password)
  await expectGreeting(page, dora.uid)
  await expect(link(page, 'Manage accounts')).toBeVisible()

  await link(page, 'Change password').click()
  await expect(page.getByText(DIRECTORY_MANAGED)).toBeVisible()
  await expect(page.getByLabel('Old password', { exact: true })).toHaveCount(0)
  await app.screenshot('directory-change-password')

  await goToDashboard(page)
  await link(page, 'Manage accounts').click()
  await openAccount(page, dora.uid)
  await expect(page.getByText('Managed by the organisation’s directory')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Set temporary password' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Send reset code' })).toHaveCount(0)
  await app.screenshot('directory-account-page')

  // The Settings screen shows the directory in effect, read-only, and says where it is set.
  await goToDashboard(page)
  await link(page, 'Settings').click()
  const section = page.getByRole('group', { name: 'Directory' })
  await expect(section).toContainText((slapd as Slapd).url)
  await expect(section).toContainText('Set in settings.json')
  await expect(section).toContainText('From LOCAL_ACCOUNTS_LDAP_PASSWORD')
  await app.screenshot('directory-settings')

  // Taken out of the admins group in the directory: not an administrator at the next login.
  await (slapd as Slapd).setAdmin(dora.uid, false)
  try {
    await logOut(page)
    await logIn(page, dora.uid, dora.password)
    await expectGreeting(page, dora.uid)
    await expect(link(page, 'Manage accounts')).toHaveCount(0)
  } finally {
    await (slapd as Slapd).setAdmin(dora.uid, true)
  }
})

test('with the directory down, directory users are told so and local accounts still log in', async ({ app }) => {
  const { page } = app
  await (slapd as Slapd).pause()
  await goToDashboard(page)
  await link(page, 'Log in').click()
  await fillLogIn(page, dan.uid, dan.password)
  await expect(formAlert(page)).toHaveText(
    'The directory cannot be reached. Try again later or ask your administrator.'
  )
  await app.screenshot('directory-unreachable')

  await page.getByLabel('Username or email', { exact: true }).fill(ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
  await expectGreeting(page, ADMIN.username)
})
