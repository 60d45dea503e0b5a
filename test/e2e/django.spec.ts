import Database from 'better-sqlite3'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { DATABASE_FILE_NAME } from '../../src/main/db/database'
import {
  CAN_LOG_IN,
  DJANGO_SQLITE,
  HASH_ALGORITHM,
  IMPORTED_WITH_PASSWORD,
  runImport,
  UNUSABLE
} from '../helpers/django-fixtures'
import { expect, test } from './driver'
import {
  expectGreeting,
  fillLogIn,
  fillResetCode,
  formAlert,
  goToDashboard,
  link,
  logIn,
  logOut,
  newestResetCode,
  openAccount,
  openAccounts,
  requestResetCode
} from './steps'

// The Django site's users arrive in a data folder nobody has used yet, while the app is open on it.
test.use({ seed: 'empty' })

/** `npm run import-django` into the running app's folder, then a reload (the first-run screen goes). */
async function importDjangoSite(page: Page, dataDir: string): Promise<void> {
  const outcome = runImport(['--from', DJANGO_SQLITE, '--data-dir', dataDir])
  expect(outcome.stderr).toBe('')
  expect(outcome.stdout).toContain('Imported 10 of 14 Django users:')
  await page.reload()
  await goToDashboard(page)
}

/** The stored hash, read the way an attacker copying the folder would (never through the app). */
function storedHash(dataDir: string, username: string): string | null {
  const db = new Database(join(dataDir, DATABASE_FILE_NAME), { readonly: true, fileMustExist: true })
  try {
    return (
      (db.prepare('SELECT password_hash FROM users WHERE username = ?').pluck().get(username) as string | null) ?? null
    )
  } finally {
    db.close()
  }
}

test('every Django user logs in with the original password, and the stored hash is argon2id afterwards', async ({
  app
}) => {
  // Nine logins, each verifying a Django hash at its own (production) cost and hashing anew.
  test.setTimeout(240_000)
  const { page } = app
  await importDjangoSite(page, app.dataDir)
  for (const username of CAN_LOG_IN) {
    expect(storedHash(app.dataDir, username)?.startsWith(`${HASH_ALGORITHM[username]}$`), username).toBe(true)
    await logIn(page, username, IMPORTED_WITH_PASSWORD[username])
    await expectGreeting(page, username)
    expect(storedHash(app.dataDir, username), username).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    await logOut(page)
  }

  // Inactive in Django, inactive here: the right password gets the generic refusal.
  await link(page, 'Log in').click()
  await fillLogIn(page, 'heidi_inactive', IMPORTED_WITH_PASSWORD.heidi_inactive)
  await expect(formAlert(page)).toContainText('Please enter a correct username or email and password')
  await expect(page.getByText('Hello, heidi_inactive!')).toHaveCount(0)
  expect(storedHash(app.dataDir, 'heidi_inactive')).toMatch(/^pbkdf2_sha256\$/)
})

test('a Django superuser opens the Accounts console and sees where an account came from', async ({ app }) => {
  const { page } = app
  await importDjangoSite(page, app.dataDir)
  await logIn(page, 'admin', IMPORTED_WITH_PASSWORD.admin)
  await expectGreeting(page, 'admin')
  await openAccounts(page)
  await openAccount(page, 'carol_argon')
  const details = page.locator('dl.details')
  await expect(details).toContainText('OriginImported from Django')
  await expect(details).toContainText('Still Django’s hash (argon2): replaced by this app’s own at the next login')
  await app.screenshot('django-imported-account')

  await page.getByRole('link', { name: 'Accounts', exact: true }).click()
  await openAccount(page, UNUSABLE.username)
  await expect(details).toContainText('None: can get in only by a password reset or a temporary password')
  await page.getByRole('link', { name: 'Accounts', exact: true }).click()
  await openAccount(page, 'admin')
  await expect(details).toContainText('PasswordChosen by the user')
  await expect(details).toContainText('OriginImported from Django')
})

test('a Django user with an unusable password resets it by email, then logs in', async ({ app }) => {
  const { page } = app
  const newPassword = 'Granite-meadow-64-owl'
  await importDjangoSite(page, app.dataDir)
  await logIn(page, UNUSABLE.username, 'anything-at-all-1')
  await expect(formAlert(page)).toContainText('Please enter a correct username or email and password')

  const mail = await app.openMailLog()
  await requestResetCode(page, UNUSABLE.email)
  await fillResetCode(page, await newestResetCode(mail, UNUSABLE.email), newPassword)
  await expect(page.getByRole('heading', { level: 1, name: 'Password reset complete' })).toBeVisible()
  await link(page, 'Log in').click()
  await fillLogIn(page, UNUSABLE.username, newPassword)
  await expectGreeting(page, UNUSABLE.username)
  expect(storedHash(app.dataDir, UNUSABLE.username)).toMatch(/^\$argon2id\$/)
})
