import { expect, type Page } from '@playwright/test'

/** Steps the specs share, found by the labels and headings the product fixes (docs/testing.md). */

/** A link, or a button where the screen made it one. */
export const action = (page: Page, name: string) =>
  page
    .getByRole('link', { name, exact: true })
    .or(page.getByRole('button', { name, exact: true }))
    .first()

export async function logIn(page: Page, identifier: string, password: string): Promise<void> {
  await action(page, 'Log in').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible()
  await page.getByLabel('Username or email', { exact: true }).fill(identifier)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
}

export async function requestResetCode(page: Page, email: string): Promise<void> {
  await action(page, 'Log in').click()
  await action(page, 'Forgot your password?').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Reset password' })).toBeVisible()
  await page.getByLabel('Email address', { exact: true }).fill(email)
  await page.getByRole('button', { name: 'Send reset code', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Enter reset code' })).toBeVisible()
}

export async function enterResetCode(page: Page, code: string, newPassword: string): Promise<void> {
  await page.getByLabel('Reset code', { exact: true }).fill(code)
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('New password confirmation', { exact: true }).fill(newPassword)
  await page.getByRole('button', { name: 'Set new password', exact: true }).click()
}
