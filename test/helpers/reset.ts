import type { MailMessageView } from '../../src/shared/admin-views'
import type { Result } from '../../src/shared/result'
import { appWindow, mailLogWindow, type TestCore } from './core'

export const NEW_PASSWORD = 'copper-Lantern-47-gently'

export const requestReset = (core: TestCore, email: string, window = 'reset-window'): Promise<Result<unknown>> =>
  core.router.handle(appWindow(window), 'requestPasswordReset', { email })

export const confirmReset = (
  core: TestCore,
  code: string,
  window = 'reset-window',
  password = NEW_PASSWORD,
  confirmation = password
): Promise<Result<unknown>> =>
  core.router.handle(appWindow(window), 'confirmPasswordReset', {
    code,
    newPassword: password,
    newPasswordConfirmation: confirmation
  })

/** The Mail log, once the mail work queued behind earlier answers is done. */
export async function mailLog(core: TestCore): Promise<MailMessageView[]> {
  await core.services.mailer.settled()
  const result = await core.router.handle(mailLogWindow(), 'mailLogList', {})
  if (!result.ok) throw new Error(`mail log failed: ${JSON.stringify(result.error)}`)
  return result.data as MailMessageView[]
}

/** The code of the newest message to `to` in the Mail log (fails when there is none). */
export async function latestCode(core: TestCore, to: string): Promise<string> {
  const message = (await mailLog(core)).find((m) => m.to === to && m.code !== null)
  if (!message?.code) throw new Error(`no code mailed to ${to}`)
  return message.code
}

/** The one login helper, here too for the reset and mail tests that import it from here. */
export { logIn } from './login'

/** Events of `kind`, newest first. */
export const auditOf = (core: TestCore, kind: string) =>
  core.services.audit.list({ user: '', kind, offset: 0, limit: 100 }).rows

/** A code as the user might type it: lower case, no dashes. */
export const sloppy = (code: string): string => code.replace(/-/g, '').toLowerCase()

/** A well-formed code that is not `code` (its last character changed). */
export function wrongCodeFor(code: string): string {
  const last = code.at(-1) === 'Z' ? 'Y' : 'Z'
  return code.slice(0, -1) + last
}
