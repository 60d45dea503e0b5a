import { ADMIN, expect, test } from './driver'
import { expectFieldError, heading, person, signUp } from './steps'

test('sign-up refuses a look-alike of an existing name, a name of two alphabets and stacked accents', async ({
  app
}) => {
  const { page } = app
  // `adrnin` reads as the administrator's `admin`: refused in the words of a taken name.
  await signUp(page, { ...person('adrnin'), email: 'mallory@example.com' })
  await expectFieldError(page, 'Username', /^A user with that username already exists\.$/)
  // `аdmin` with a Cyrillic а mixes two alphabets.
  await page.getByLabel('Username', { exact: true }).fill(`\u0430${ADMIN.username.slice(1)}`)
  await page.getByRole('button', { name: 'Sign up', exact: true }).click()
  await expectFieldError(page, 'Username', /^Use letters from one alphabet/)
  await page.getByLabel('Username', { exact: true }).fill(`zoe${'\u0301\u0300\u0302'.repeat(20)}`)
  await page.getByRole('button', { name: 'Sign up', exact: true }).click()
  await expectFieldError(page, 'Username', /^Too many accent marks on one letter\.$/)
  await expect(heading(page, 'Sign up')).toBeVisible()
  // A whole-Cyrillic name is somebody's own.
  await page.getByLabel('Username', { exact: true }).fill('иван')
  await page.getByRole('button', { name: 'Sign up', exact: true }).click()
  await expect(page.getByText('Hello, иван!')).toBeVisible()
})
