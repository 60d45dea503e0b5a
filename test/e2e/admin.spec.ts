import type { Locator, Page } from '@playwright/test'
import { ADMIN, expect, test, type AppDriver } from './driver'
import {
  button,
  createAccount,
  expectGreeting,
  fillLogIn,
  formAlert,
  goToDashboard,
  heading,
  link,
  logIn,
  logOut,
  openAccount,
  openAccounts,
  person,
  searchAccounts,
  signUp,
  type Person
} from './steps'

const LOCKOUT_THRESHOLD = 5

/** The page's status line that says what the last action did. */
const statusLine = (page: Page | Locator, text: string | RegExp) => page.getByRole('status').filter({ hasText: text })

/** Answers the Confirm it's you dialog that a sensitive admin action opens (remembered 5 minutes). */
async function confirmItsYou(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: "Confirm it's you" })
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await dialog.getByRole('button', { name: 'Confirm', exact: true }).click()
  await expect(dialog).toHaveCount(0)
}

/** A section of the account page, by its heading. */
const section = (page: Page, title: string) =>
  page
    .locator('section.page-section')
    .filter({ has: page.getByRole('heading', { level: 2, name: title, exact: true }) })

/**
 * The outcome beside a section's controls (ActionOutcome): the element around the status line
 * saying `text`, which takes focus when it appears.
 */
const outcome = (area: Locator, text: string) => statusLine(area, text).locator('xpath=..')

async function goToHash(page: Page, hash: string): Promise<void> {
  await page.evaluate((target) => {
    window.location.hash = target
  }, hash)
}

/** Locked out by wrong passwords, at `page`'s Log in: even the right one is refused until an admin unlocks. */
async function lockOut(page: Page, who: Person): Promise<void> {
  await link(page, 'Log in').click()
  for (let attempt = 1; attempt <= LOCKOUT_THRESHOLD; attempt++) {
    await fillLogIn(page, who.username, `Wrong-password-${attempt}`)
    await expect(formAlert(page)).toBeVisible()
  }
  await expect(formAlert(page)).toContainText('Too many failed attempts')
  await fillLogIn(page, who.username, who.password)
  await expect(formAlert(page)).toContainText('Too many failed attempts')
}

/** Deleting asks for the account's name; a wrong one deletes nothing. Ends on the Accounts console. */
async function deleteCarol(app: AppDriver): Promise<void> {
  const { page } = app
  await button(page, 'Delete account').click()
  const confirm = page.getByLabel('Type carol to confirm', { exact: true })
  await confirm.fill('carl')
  await button(page, 'Delete carol').click()
  await confirmItsYou(page)
  await expect(page.getByRole('alert').filter({ hasText: 'carol' })).toBeVisible()
  await expect(heading(page, 'carol')).toBeVisible()
  await confirm.fill('carol')
  await app.screenshot('delete-account')
  await button(page, 'Delete carol').click()
  await expect(heading(page, 'Accounts')).toBeVisible()
}

/** Every step the first scenario took on carol is in the audit trail, newest first, with the admin as actor. */
async function expectCarolsAuditTrail(page: Page): Promise<void> {
  await link(page, 'Audit trail').click()
  await expect(heading(page, 'Audit trail')).toBeVisible()
  await page.getByLabel('User', { exact: true }).fill('carol')
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Admin: delete account' })
  await expect(page.getByRole('status').filter({ hasText: /^Showing / })).toHaveText('Showing 1–1 of 1')
  const deletion = page.getByRole('row').filter({ hasText: 'Admin: delete account' })
  await expect(deletion.getByRole('cell').nth(1)).toHaveText(ADMIN.username)
  await expect(deletion.getByRole('cell').nth(2)).toHaveText('carol')
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'All' })
  const adminKinds = page
    .getByRole('row')
    .getByRole('cell')
    .filter({ hasText: /^Admin: / })
  await expect(adminKinds).toHaveText([
    'Admin: delete account',
    'Admin: unlock',
    'Admin: reactivate',
    'Admin: deactivate',
    'Admin: create account'
  ])
}

test('an admin creates an account, deactivates, reactivates, unlocks and deletes it', async ({ app }) => {
  // A long story with a dozen real argon2 logins at production cost.
  test.slow()
  const { page } = app
  const carol = person('carol')
  await logIn(page, ADMIN.username, ADMIN.password)
  await expectGreeting(page, ADMIN.username)
  await openAccounts(page)
  await expect(page.getByRole('row').filter({ hasText: ADMIN.email })).toBeVisible()
  await app.screenshot('accounts')

  await link(page, 'Create account').click()
  await expect(heading(page, 'Create account')).toBeVisible()
  await app.screenshot('create-account')
  await goToHash(page, '#/accounts')
  await createAccount(page, carol)
  await expect(statusLine(page, 'Account carol created.')).toBeVisible()
  await app.screenshot('account')

  // "Active" is said once on the page: the Access section deactivates, not a box in Email and roles.
  await expect(page.getByText('Active', { exact: true })).toHaveCount(1)

  // Deactivated: the login fails with the same words as any bad credential. The result is said
  // in the Access section, beside the button, and the keyboard stays there.
  await button(page, 'Deactivate').click()
  const access = section(page, 'Access')
  await expect(statusLine(access, 'carol is deactivated')).toBeVisible()
  await expect(button(page, 'Reactivate')).toBeVisible()
  await expect(outcome(access, 'carol is deactivated')).toBeFocused()
  const other = await app.openAppWindow()
  await logIn(other, 'nobody-by-that-name', 'Not-the-password-1')
  const generic = await formAlert(other).innerText()
  await fillLogIn(other, carol.username, carol.password)
  await expect(formAlert(other)).toHaveText(generic)
  await expect(other.getByText('Hello, carol!')).toHaveCount(0)

  await button(page, 'Reactivate').click()
  await expect(statusLine(page, 'carol is active again')).toBeVisible()
  await fillLogIn(other, carol.username, carol.password)
  await expectGreeting(other, 'carol')
  await logOut(other)

  await lockOut(other, carol)

  await page.getByRole('link', { name: 'Accounts', exact: true }).click()
  await searchAccounts(page, 'carol', 1)
  await expect(page.getByRole('row').filter({ hasText: 'carol@example.com' }).getByRole('cell').nth(3)).toHaveText(
    'Yes'
  )
  await page.getByRole('link', { name: 'carol', exact: true }).click()
  await expect(heading(page, 'carol')).toBeVisible()
  await expect(page.getByText(/Locked until/)).toBeVisible()
  await button(page, 'Unlock').click()
  await expect(statusLine(access, 'carol is unlocked')).toBeVisible()
  await expect(button(page, 'Unlock')).toHaveCount(0)
  // The button is gone; focus went to its result beside it, not to the page's body.
  await expect(access.getByRole('status').filter({ hasText: 'carol is unlocked' })).toBeInViewport()
  await expect(outcome(access, 'carol is unlocked')).toBeFocused()
  await fillLogIn(other, carol.username, carol.password)
  await expectGreeting(other, 'carol')

  await deleteCarol(app)
  await expect(statusLine(page, 'Account carol was deleted.')).toBeVisible()
  await searchAccounts(page, 'carol', 0)
  await expect(page.getByRole('link', { name: 'carol', exact: true })).toHaveCount(0)

  // Gone for good: their window is signed out, and the name no longer logs in.
  await other.reload()
  await expect(other.getByText('Hello, Guest!')).toBeVisible()
  await logIn(other, carol.username, carol.password)
  await expect(formAlert(other)).toHaveText(generic)

  await expectCarolsAuditTrail(page)
  await app.screenshot('audit-trail')
})

test('search finds accounts by a piece of the email address in any case, and columns sort', async ({ app }) => {
  const { page } = app
  await logIn(page, ADMIN.username, ADMIN.password)
  await openAccounts(page)
  await createAccount(page, { ...person('dave'), email: 'dave@northwind.test' })
  await page.getByRole('link', { name: 'Accounts', exact: true }).click()
  await createAccount(page, { ...person('erin'), email: 'erin@southwind.test' }, true)
  await page.getByRole('link', { name: 'Accounts', exact: true }).click()

  await searchAccounts(page, 'WIND.TE', 2)
  await expect(page.getByRole('link', { name: 'dave', exact: true })).toBeVisible()
  await expect(page.getByRole('link', { name: 'erin', exact: true })).toBeVisible()
  await searchAccounts(page, 'thwind', 2)
  await searchAccounts(page, 'NorthWind', 1)
  await expect(page.getByRole('link', { name: 'dave', exact: true })).toBeVisible()
  // An empty search says so once.
  await searchAccounts(page, 'no-such-person', 0)

  await searchAccounts(page, 'wind', 2)
  const emailHeader = page.getByRole('columnheader', { name: 'Email' })
  await button(page, 'Email').click()
  await expect(emailHeader).toHaveAttribute('aria-sort', 'ascending')
  await expect(page.getByRole('row').nth(1)).toContainText('dave@northwind.test')
  await button(page, 'Email').click()
  await expect(emailHeader).toHaveAttribute('aria-sort', 'descending')
  await expect(page.getByRole('row').nth(1)).toContainText('erin@southwind.test')
  await expect(page.getByRole('columnheader', { name: 'Username' })).toHaveAttribute('aria-sort', 'none')

  // The last administrator cannot switch themselves off.
  await page.getByRole('link', { name: 'erin', exact: true }).click()
  await expect(heading(page, 'erin')).toBeVisible()
  // Nothing edited: Save says so without asking main, which would first ask Confirm it's you.
  const emailAndRoles = section(page, 'Email and roles')
  await button(page, 'Save changes').click()
  await expect(emailAndRoles.getByRole('status')).toHaveText('No changes to save.')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await app.screenshot('account-no-changes')
  await page.getByLabel('Administrator', { exact: true }).uncheck()
  await button(page, 'Save changes').click()
  await confirmItsYou(page)
  await expect(emailAndRoles.getByRole('status')).toHaveText('Changes saved.')
  // The address typed again with spaces around it is the same address: nothing to save.
  const email = page.getByLabel('Email address')
  await email.fill('  erin@southwind.test  ')
  await button(page, 'Save changes').click()
  await expect(emailAndRoles.getByRole('status')).toHaveText('No changes to save.')
  // dave's address is refused beside the field; put back, the refusal goes with the change.
  const taken = emailAndRoles.getByText('A user with that email address already exists.')
  await email.fill('dave@northwind.test')
  await button(page, 'Save changes').click()
  await expect(taken).toBeVisible()
  // What the Save before said is gone with the new attempt: only the refusal speaks.
  await expect(emailAndRoles.getByText('No changes to save.')).toHaveCount(0)
  await app.screenshot('account-email-taken')
  await email.fill('erin@southwind.test')
  await button(page, 'Save changes').click()
  await expect(emailAndRoles.getByRole('status')).toHaveText('No changes to save.')
  await expect(taken).toHaveCount(0)
  await page.getByRole('link', { name: 'Accounts', exact: true }).click()
  await openAccount(page, ADMIN.username)
  // Deactivating one's own account asks first; Cancel changes nothing and gives the button its focus back.
  await button(page, 'Deactivate').click()
  await expect(page.getByText('Deactivate your own account?')).toBeVisible()
  await button(page, 'Cancel').click()
  await expect(button(page, 'Deactivate')).toBeFocused()
  await button(page, 'Deactivate').click()
  await button(page, 'Deactivate my account').click()
  await expect(page.getByRole('alert')).toContainText('admin is the last active administrator')
  await expect(button(page, 'Deactivate')).toBeVisible()
  await expect(page.getByText('Hello, admin!').or(heading(page, ADMIN.username))).toBeVisible()
})

test('a non-admin sees no Manage accounts, and the console cannot be reached by its address', async ({ app }) => {
  const { page } = app
  await goToHash(page, '#/accounts')
  await expect(heading(page, 'Log in')).toBeVisible()

  const alice = person('alice')
  await signUp(page, alice)
  await expectGreeting(page, 'alice')
  await expect(link(page, 'Manage accounts')).toHaveCount(0)
  for (const hash of ['#/accounts', '#/audit-trail', '#/create-account', '#/account?id=1']) {
    await goToHash(page, hash)
    await expect(heading(page, 'Dashboard')).toBeVisible()
    await expect(page.getByLabel('Search', { exact: true })).toHaveCount(0)
    await expect(page.getByRole('table')).toHaveCount(0)
  }
  await goToDashboard(page)
  await expectGreeting(page, 'alice')
})

test('a temporary password sends its owner to Change password before any other screen', async ({ app }) => {
  // Two windows and several real argon2 hashes at production cost.
  test.slow()
  const { page } = app
  const dave = person('dave')
  const temporary = 'Temporary-harbour-31'
  await logIn(page, ADMIN.username, ADMIN.password)
  await openAccounts(page)
  await createAccount(page, dave)
  await button(page, 'Set temporary password').click()
  await page.getByLabel('Temporary password', { exact: true }).fill(temporary)
  await page.getByLabel('Temporary password confirmation', { exact: true }).fill(temporary)
  await button(page, 'Set temporary password').click()
  await confirmItsYou(page)
  await expect(statusLine(page, 'Temporary password set.')).toBeVisible()

  const other = await app.openAppWindow()
  await logIn(other, dave.username, temporary)
  await expect(heading(other, 'Change password')).toBeVisible()
  await expect(other.getByText('Your password was set by an administrator.')).toBeVisible()
  await expect(other.getByLabel('Old password', { exact: true })).toHaveCount(0)
  await expect(link(other, 'Dashboard')).toHaveCount(0)
  await app.screenshot('change-password-forced', other)
})

test('a generated temporary password hands an account over once: only a new password is asked, a spent one says so', async ({
  app
}) => {
  test.slow()
  const { page } = app
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  const frank = person('frank')
  await logIn(page, ADMIN.username, ADMIN.password)
  await openAccounts(page)

  // Create account: Generate password fills both fields and shows the password once, with Copy;
  // Must change password at first login is on by default.
  await link(page, 'Create account').click()
  await expect(heading(page, 'Create account')).toBeVisible()
  await expect(page.getByLabel('Must change password at first login', { exact: true })).toBeChecked()
  await page.getByLabel('Username', { exact: true }).fill(frank.username)
  await page.getByLabel('Email address', { exact: true }).fill(frank.email)
  await button(page, 'Generate password').click()
  const shown = page.getByLabel('Generated password', { exact: true })
  const generated = await shown.innerText()
  expect(generated).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/)
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue(generated)
  await expect(page.getByLabel('Password confirmation', { exact: true })).toHaveValue(generated)
  await button(page, 'Copy').click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(generated)
  // A second press makes another one.
  await button(page, 'Generate password').click()
  await expect(shown).not.toHaveText(generated)
  const handedOver = await shown.innerText()
  await app.screenshot('create-account-generated')
  await button(page, 'Create account').click()
  await expect(heading(page, frank.username)).toBeVisible()
  await expect(
    statusLine(page, 'Account frank created. frank must choose a new password at the first login.')
  ).toBeVisible()

  // Frank's first login lands on Change password, which asks only for the new password.
  const other = await app.openAppWindow()
  await logIn(other, frank.username, handedOver)
  await expect(heading(other, 'Change password')).toBeVisible()
  await expect(other.getByLabel('Old password', { exact: true })).toHaveCount(0)
  await app.screenshot('change-password-handover', other)

  // "Not now? Log out" spends it: the right password is now told so, a wrong one gets the usual words.
  await other.locator('p', { hasText: 'Not now?' }).getByRole('button', { name: 'Log out' }).click()
  await expect(other.getByText('Hello, Guest!')).toBeVisible()
  await logIn(other, frank.username, handedOver)
  await expect(formAlert(other)).toHaveText(
    'This temporary password was already used. Ask your administrator for a new one.'
  )
  await fillLogIn(other, frank.username, 'Not-the-password-1')
  await expect(formAlert(other)).toContainText('Please enter a correct username or email and password.')

  // The account page says it was used; a new temporary password works again, its result said beside its button.
  await page.reload()
  await expect(page.getByText(/^Temporary, already used without being changed/)).toBeVisible()
  await button(page, 'Set temporary password').click()
  await button(page, 'Generate password').click()
  const second = await page.getByLabel('Generated password', { exact: true }).innerText()
  await button(page, 'Set temporary password').click()
  await confirmItsYou(page)
  const temporarySection = section(page, 'Temporary password')
  await expect(statusLine(temporarySection, 'Temporary password set.')).toBeVisible()
  await expect(outcome(temporarySection, 'Temporary password set.')).toBeFocused()
  await expect(page.getByLabel('Generated password', { exact: true })).toHaveCount(0)

  await fillLogIn(other, frank.username, second)
  await expect(heading(other, 'Change password')).toBeVisible()
  await other.getByLabel('New password', { exact: true }).fill(frank.password)
  await other.getByLabel('New password confirmation', { exact: true }).fill(frank.password)
  await button(other, 'Change password').click()
  await expect(heading(other, 'Password changed')).toBeVisible()
  await logOut(other)
  await logIn(other, frank.username, frank.password)
  await expectGreeting(other, frank.username)
})
