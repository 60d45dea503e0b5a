import type { MailMessageView } from '../shared/admin-views'
import type { Mail } from './api'

/** A reset code as mail shows it: four groups of four Crockford base32 characters. */
const RESET_CODE = /\b[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}\b/

/** A message of the outbox as the kit hands it out; the code is read from the text if not given. */
export function toMail(message: MailMessageView): Mail {
  return {
    to: message.to,
    subject: message.subject,
    text: message.text,
    code: message.code ?? RESET_CODE.exec(message.text)?.[0] ?? null,
    sentAt: message.sentAt
  }
}

export const LATEST_WAIT_MS = 10_000
const POLL_MS = 100

/**
 * The newest message to `to` (addresses compare without case), polling `read` (the outbox, newest
 * first) until one is there or `waitMs` has passed; the error lists who did get mail.
 */
export async function latestTo(read: () => Promise<Mail[]>, to: string, waitMs = LATEST_WAIT_MS): Promise<Mail> {
  const deadline = Date.now() + waitMs
  const wanted = to.trim().toLowerCase()
  for (;;) {
    const all = await read()
    const found = all.find((mail) => mail.to.toLowerCase() === wanted)
    if (found) return found
    if (Date.now() >= deadline) {
      const others = [...new Set(all.map((mail) => mail.to))]
      throw new Error(
        `No mail to ${to} within ${waitMs / 1000} s; the outbox holds ${others.length ? `mail to ${others.join(', ')}` : 'no mail'}.`
      )
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}
