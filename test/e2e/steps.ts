import { expect, type Page } from '@playwright/test'

/** Small steps the scenarios share; they find things by the labels product.md fixes. */
export interface Person {
  username: string
  email: string
  password: string
}

export const person = (username: string, password = 'Lantern-orchard-58'): Person => ({
  username,
  email: `${username.toLowerCase()}@example.com`,
  password
})

/** A heading by its exact name; a screen's title is its one level-1 heading. */
export const heading = (page: Page, name: string, level = 1) => page.getByRole('heading', { level, name, exact: true })

export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true })

/** A navigation link, or a button where the screen made it one. */
export const link = (page: Page, name: string) =>
  page
    .getByRole('link', { name, exact: true })
    .or(page.getByRole('button', { name, exact: true }))
    .first()

export async function goToDashboard(page: Page): Promise<void> {
  const heading = page.getByRole('heading', { level: 1, name: 'Dashboard' })
  if (!(await heading.isVisible())) await link(page, 'Dashboard').click()
  await expect(heading).toBeVisible()
}

export async function signUp(page: Page, who: Person): Promise<void> {
  await goToDashboard(page)
  await link(page, 'Sign up').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sign up' })).toBeVisible()
  await page.getByLabel('Username', { exact: true }).fill(who.username)
  await page.getByLabel('Email address', { exact: true }).fill(who.email)
  await page.getByLabel('Password', { exact: true }).fill(who.password)
  await page.getByLabel('Password confirmation', { exact: true }).fill(who.password)
  await page.getByRole('button', { name: 'Sign up', exact: true }).click()
}

export async function fillLogIn(page: Page, identifier: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible()
  await page.getByLabel('Username or email', { exact: true }).fill(identifier)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
}

export async function logIn(page: Page, identifier: string, password: string): Promise<void> {
  await goToDashboard(page)
  await link(page, 'Log in').click()
  await fillLogIn(page, identifier, password)
}

export async function logOut(page: Page): Promise<void> {
  await goToDashboard(page)
  await page.getByRole('button', { name: 'Log out', exact: true }).click()
  await expect(page.getByText('Hello, Guest!')).toBeVisible()
}

export async function expectGreeting(page: Page, username: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible()
  await expect(page.getByText(`Hello, ${username}!`)).toBeVisible()
}

export async function fillChangePassword(page: Page, oldPassword: string, newPassword: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Change password' })).toBeVisible()
  await page.getByLabel('Old password', { exact: true }).fill(oldPassword)
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('New password confirmation', { exact: true }).fill(newPassword)
  await page.getByRole('button', { name: 'Change password', exact: true }).click()
}

/** The form-level alert (not a field's). */
export const formAlert = (page: Page) => page.getByRole('alert').first()

/** From Log in's `Forgot your password?` to Enter reset code, for `email`. */
export async function requestResetCode(page: Page, email: string): Promise<void> {
  await goToDashboard(page)
  await link(page, 'Log in').click()
  await link(page, 'Forgot your password?').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Reset password' })).toBeVisible()
  await page.getByLabel('Email address', { exact: true }).fill(email)
  await page.getByRole('button', { name: 'Send reset code', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Enter reset code' })).toBeVisible()
}

export async function fillResetCode(
  page: Page,
  code: string,
  newPassword: string,
  confirmation = newPassword
): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Enter reset code' })).toBeVisible()
  await page.getByLabel('Reset code', { exact: true }).fill(code)
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('New password confirmation', { exact: true }).fill(confirmation)
  await page.getByRole('button', { name: 'Set new password', exact: true }).click()
}

/** The Mail log's messages to `to`, newest first. */
export const mailsTo = (mail: Page, to: string) => mail.getByRole('article').filter({ hasText: to })

/** The reset code of the newest message to `to`, as the Mail log shows it (waits for it to arrive). */
export async function newestResetCode(mail: Page, to: string): Promise<string> {
  const code = mailsTo(mail, to).getByLabel('Reset code', { exact: true }).first()
  await expect(code).toBeVisible()
  return code.innerText()
}

/** An error shown as an alert and tied to the field labelled `label` (its accessible description). */
export async function expectFieldError(page: Page, label: string, text: RegExp): Promise<void> {
  await expect(page.getByRole('alert').filter({ hasText: text })).toBeVisible()
  await expect(page.getByLabel(label, { exact: true })).toHaveAccessibleDescription(text)
}

/** The Accounts console, reached the way an administrator does: Dashboard → Manage accounts. */
export async function openAccounts(page: Page): Promise<void> {
  await goToDashboard(page)
  await link(page, 'Manage accounts').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible()
}

/**
 * Types into Search and waits for main's answer: the "Showing … of N" line, or, when nothing
 * matches, the table's one line saying so (and no "Showing" line beside it).
 */
export async function searchAccounts(page: Page, term: string, expectedTotal: number): Promise<void> {
  await page.getByLabel('Search', { exact: true }).fill(term)
  const summary = page.getByRole('status').filter({ hasText: /^Showing / })
  if (expectedTotal > 0) {
    await expect(summary).toHaveText(new RegExp(`Showing 1–\\d+ of ${expectedTotal}$`))
    return
  }
  await expect(page.getByRole('cell', { name: `No account matches “${term.trim()}”.`, exact: true })).toBeVisible()
  await expect(summary).toHaveCount(0)
}

/** From the Accounts console: find the account and open its page. */
export async function openAccount(page: Page, username: string): Promise<void> {
  await searchAccounts(page, username, 1)
  await page.getByRole('link', { name: username, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: username })).toBeVisible()
}

/**
 * Fills the Create account form (admin) and submits it. The password is `who`'s own unless
 * `mustChangePassword` (the form's default) makes it a temporary one to hand over.
 */
export async function createAccount(
  page: Page,
  who: Person,
  isAdmin = false,
  mustChangePassword = false
): Promise<void> {
  await link(page, 'Create account').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Create account' })).toBeVisible()
  await page.getByLabel('Username', { exact: true }).fill(who.username)
  await page.getByLabel('Email address', { exact: true }).fill(who.email)
  await page.getByLabel('Password', { exact: true }).fill(who.password)
  await page.getByLabel('Password confirmation', { exact: true }).fill(who.password)
  await page.getByLabel('Administrator', { exact: true }).setChecked(isAdmin)
  await page.getByLabel('Must change password at first login', { exact: true }).setChecked(mustChangePassword)
  await page.getByRole('button', { name: 'Create account', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: who.username })).toBeVisible()
}

/** Confirm it's you: the dialog a sensitive action opens, answered with the signed-in person's password. */
export async function confirmItsYou(page: Page, password: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: "Confirm it's you" })
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Password', { exact: true }).fill(password)
  await dialog.getByRole('button', { name: 'Confirm', exact: true }).click()
  await expect(dialog).toBeHidden()
}
