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

/** A navigation link, or a button where the screen made it one. */
export const link = (page: Page, name: string) =>
  page.getByRole('link', { name, exact: true }).or(page.getByRole('button', { name, exact: true })).first()

export async function goToDashboard(page: Page): Promise<void> {
  const heading = page.getByRole('heading', { level: 2, name: 'Dashboard' })
  if (!(await heading.isVisible())) await link(page, 'Dashboard').click()
  await expect(heading).toBeVisible()
}

export async function signUp(page: Page, who: Person): Promise<void> {
  await goToDashboard(page)
  await link(page, 'Sign up').click()
  await expect(page.getByRole('heading', { level: 2, name: 'Sign up' })).toBeVisible()
  await page.getByLabel('Username', { exact: true }).fill(who.username)
  await page.getByLabel('Email address', { exact: true }).fill(who.email)
  await page.getByLabel('Password', { exact: true }).fill(who.password)
  await page.getByLabel('Password confirmation', { exact: true }).fill(who.password)
  await page.getByRole('button', { name: 'Sign up', exact: true }).click()
}

export async function fillLogIn(page: Page, identifier: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 2, name: 'Log in' })).toBeVisible()
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
  await expect(page.getByRole('heading', { level: 2, name: 'Dashboard' })).toBeVisible()
  await expect(page.getByText(`Hello, ${username}!`)).toBeVisible()
}

export async function fillChangePassword(page: Page, oldPassword: string, newPassword: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 2, name: 'Change password' })).toBeVisible()
  await page.getByLabel('Old password', { exact: true }).fill(oldPassword)
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('New password confirmation', { exact: true }).fill(newPassword)
  await page.getByRole('button', { name: 'Change password', exact: true }).click()
}

/** The form-level alert (not a field's). */
export const formAlert = (page: Page) => page.getByRole('alert').first()
