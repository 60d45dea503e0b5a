import { utcTime } from '../../../shared/clock-words'
import { countOf } from '../../../shared/plural'
import type { OutgoingMail } from '../mail/mailer'
import { APP_NAME } from '../../../shared/product'

export { APP_NAME } from '../../../shared/product'

export interface ResetCodeMailInput {
  to: string
  username: string
  userId: number | null
  /** As people see it: `XXXX-XXXX-XXXX-XXXX`. */
  displayCode: string
  expiresAt: number
  now: number
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

const html = (paragraphs: string[]): string =>
  `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">${paragraphs
    .map((p) => `<p>${p}</p>`)
    .join('')}</body></html>`

interface LetterBody {
  /** Lines between the greeting and the signature; short ASCII keeps the text part 7bit. */
  textLines: string[]
  /** Paragraphs between the greeting and the signature, given the HTML-escaped username. */
  htmlParagraphs: (safeName: string) => string[]
}

/** Both parts of a message to one account's owner: the same greeting and signature around its body. */
function letter(username: string, body: LetterBody): { text: string; html: string } {
  const safeName = escapeHtml(username)
  return {
    text: [`Hello ${username},`, '', ...body.textLines, '', `-- ${APP_NAME}`].join('\n'),
    html: html([`Hello ${safeName},`, ...body.htmlParagraphs(safeName), `— ${APP_NAME}`])
  }
}

/** The message that carries a reset code: who it is for, the code, its expiry, what to do if unasked. */
export function resetCodeMail(input: ResetCodeMailInput): OutgoingMail {
  const minutes = Math.round((input.expiresAt - input.now) / 60000)
  const expiry = `${utcTime(input.expiresAt)} (in ${countOf(minutes, 'minute', 'minutes')})`
  const name = input.username
  return {
    to: input.to,
    subject: `Your ${APP_NAME} password reset code`,
    ...letter(name, {
      textLines: [
        `someone asked to reset the password of your ${APP_NAME} account`,
        `"${name}". Your reset code is:`,
        '',
        `    ${input.displayCode}`,
        '',
        'Enter it on the "Enter reset code" screen, with your new password.',
        `The code works once and expires at ${expiry}.`,
        '',
        'If you did not ask for this, ignore this message: your password',
        'stays as it is and the code expires on its own. If it keeps',
        'happening, tell your administrator.'
      ],
      htmlParagraphs: (safeName) => [
        `someone asked to reset the password of your ${APP_NAME} account “${safeName}”. Your reset code is:`,
        `<strong style="font-family: monospace; font-size: 1.4em; letter-spacing: 0.1em">${input.displayCode}</strong>`,
        `Enter it on the “Enter reset code” screen of ${APP_NAME}, with your new password. ` +
          `The code works once and expires at ${escapeHtml(expiry)}.`,
        'If you did not ask for this, ignore this message: your password stays as it is and the code ' +
          'expires on its own. If it keeps happening, tell your administrator.'
      ]
    }),
    code: input.displayCode,
    about: input.userId === null ? null : { id: input.userId, username: name }
  }
}

/** The notice after a completed reset: the owner learns of it even if someone else did it. */
export function passwordChangedMail(input: { to: string; username: string; userId: number; at: number }): OutgoingMail {
  const name = input.username
  const when = utcTime(input.at)
  return {
    to: input.to,
    subject: `Your ${APP_NAME} password was changed`,
    ...letter(name, {
      textLines: [
        `the password of your ${APP_NAME} account "${name}" was changed`,
        `at ${when} with a reset code. Every session of the account was`,
        'signed out; log in with the new password.',
        '',
        'If you did not do this, tell your administrator at once.'
      ],
      htmlParagraphs: (safeName) => [
        `the password of your ${APP_NAME} account “${safeName}” was changed at ${when} with a reset code. ` +
          'Every session of the account was signed out; log in with the new password.',
        '<strong>If you did not do this, tell your administrator at once.</strong>'
      ]
    }),
    code: null,
    about: { id: input.userId, username: name }
  }
}
