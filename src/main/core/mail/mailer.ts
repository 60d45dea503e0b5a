import nodemailer from 'nodemailer'
import MailComposer from 'nodemailer/lib/mail-composer'
import type { AuditLog } from '../audit/audit-log'
import type { Clock } from '../support/clock'
import type { Outbox } from './outbox'
import type { Settings } from '../settings/load-settings'

export type MailSettings = Settings['mail']

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html: string
  /** The reset code the message carries, for the Mail log's copy button. */
  code: string | null
  /** The account the message is about, named in the audit log if delivery fails. */
  about: { id: number; username: string } | null
}

export interface ComposedMail {
  mail: OutgoingMail
  /** The whole message as nodemailer built it: headers, text and HTML parts. */
  raw: Buffer
  envelope: { from: string; to: string[] }
}

/** `reason` is the server's (or the network's) own words; `error` adds what was being sent. */
export type DeliveryOutcome = { delivered: true } | { delivered: false; error: string; reason: string }

/** Where and as whom a message is sent; the live settings, or a Settings screen's draft for a test email. */
export type MailRoute = Pick<MailSettings, 'transport' | 'smtpUrl' | 'from'>

export interface MailerDeps {
  settings: MailSettings
  clock: Clock
  outbox: Outbox
  audit: AuditLog
  /** The terminal: the development transport prints every message there. */
  print: (text: string) => void
  /** A message reached the outbox (the host tells the Mail log window to refresh). */
  onStored: () => void
}

/** Delivery error texts go to the audit log: kept short, with anything code-shaped blanked out. */
const ERROR_MAX_CHARS = 300
const codeShaped = /[0-9A-Z]{4}(?:-?[0-9A-Z]{4}){3}/gi

/**
 * One mailer, two transports. Development (the default) stores each message in the outbox,
 * prints it and tells the Mail log; SMTP sends it through nodemailer with a deadline. Either
 * way nodemailer builds the real message first, so both transports carry the same bytes.
 */
export class Mailer {
  private readonly pending = new Set<Promise<DeliveryOutcome>>()

  constructor(private readonly deps: MailerDeps) {
    if (deps.settings.transport === 'smtp' && !deps.settings.smtpUrl) {
      throw new Error('Invalid settings: mail.transport is "smtp" but mail.smtpUrl (SMTP_URL) is not set')
    }
  }

  async compose(mail: OutgoingMail, from: string = this.deps.settings.from): Promise<ComposedMail> {
    const node = new MailComposer({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      date: new Date(this.deps.clock.now())
    }).compile()
    const envelope = node.getEnvelope()
    const raw = await node.build()
    return { mail, raw, envelope: { from: envelope.from || '', to: envelope.to } }
  }

  /**
   * Starts delivery and returns without waiting for the network, so an answer never waits on
   * (or reveals anything through) a mail server. The development outbox is written before this
   * returns. Failures never throw: they are audited and reported in the outcome.
   */
  dispatch(composed: ComposedMail): Promise<DeliveryOutcome> {
    const delivery =
      this.deps.settings.transport === 'smtp'
        ? this.sendBySmtp(composed)
        : Promise.resolve(this.storeForDevelopment(composed))
    this.pending.add(delivery)
    void delivery.finally(() => this.pending.delete(delivery))
    return delivery
  }

  /**
   * Prepares (`prepare`: whatever the message needs, then its text), builds and dispatches a
   * message once the current answer has gone out, so no part of that work adds to the time an
   * answer takes: that time must not tell whether a message was due.
   */
  sendAfterAnswer(prepare: () => OutgoingMail): void {
    const delivery = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.compose(prepare()))
      .then((composed) => this.dispatch(composed))
      .catch((error: unknown): DeliveryOutcome => {
        // Delivery failures are audited by dispatch; this is a message that could not be prepared.
        const reason = error instanceof Error ? error.message : String(error)
        console.error(`[mail] message not prepared: ${reason}`)
        return { delivered: false, error: reason, reason }
      })
    this.pending.add(delivery)
    void delivery.finally(() => this.pending.delete(delivery))
  }

  /**
   * Sends a test message by `route` (the live settings unless a draft is given) and waits for the
   * outcome, so an administrator sees the server's own answer before relying on it.
   */
  async sendTest(to: string, route: MailRoute = this.deps.settings): Promise<DeliveryOutcome> {
    const text = 'This is a test email from Local Accounts. If you can read it, the mail settings work.'
    const composed = await this.compose(
      { to, subject: 'Local Accounts test email', text, html: `<p>${text}</p>`, code: null, about: null },
      route.from
    )
    if (route.transport !== 'smtp') return this.storeForDevelopment(composed)
    return this.sendBySmtp(composed, { smtpUrl: route.smtpUrl, timeoutInSeconds: this.deps.settings.timeoutInSeconds })
  }

  /** Resolves once every delivery started so far has finished (tests; a host may await it before closing). */
  async settled(): Promise<void> {
    // A queued message becomes a delivery of its own: wait until none is left.
    while (this.pending.size > 0) await Promise.all([...this.pending])
  }

  private storeForDevelopment(composed: ComposedMail): DeliveryOutcome {
    const { mail, raw } = composed
    this.deps.outbox.store({ to: mail.to, subject: mail.subject, text: mail.text, raw, code: mail.code }, 'development')
    this.deps.print(
      `---------- Mail (development: stored in the Mail log, not sent) ----------\n${raw.toString('utf8')}\n` +
        '---------- end of mail ----------'
    )
    this.deps.onStored()
    return { delivered: true }
  }

  private async sendBySmtp(
    composed: ComposedMail,
    smtp: Pick<MailSettings, 'smtpUrl' | 'timeoutInSeconds'> = this.deps.settings
  ): Promise<DeliveryOutcome> {
    // Read per send: a change on the Settings screen applies to the very next message.
    const timeoutInMilliseconds = smtp.timeoutInSeconds * 1000
    const transport = nodemailer.createTransport({
      url: smtp.smtpUrl as string,
      connectionTimeout: timeoutInMilliseconds,
      greetingTimeout: timeoutInMilliseconds,
      socketTimeout: timeoutInMilliseconds,
      dnsTimeout: timeoutInMilliseconds
    })
    let timer: NodeJS.Timeout | undefined
    // Each stage has its own timeout; this deadline bounds the whole exchange.
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${smtp.timeoutInSeconds} s`)), timeoutInMilliseconds)
    })
    try {
      await Promise.race([transport.sendMail({ envelope: composed.envelope, raw: composed.raw }), deadline])
      this.deps.print(`[mail] sent "${composed.mail.subject}" to ${composed.mail.to} by SMTP`)
      return { delivered: true }
    } catch (error) {
      return this.recordFailure(composed.mail, error)
    } finally {
      clearTimeout(timer)
      transport.close()
    }
  }

  private recordFailure(mail: OutgoingMail, error: unknown): DeliveryOutcome {
    const reason = (error instanceof Error ? error.message : String(error))
      .replace(codeShaped, '[code]')
      .slice(0, ERROR_MAX_CHARS)
    const detail = `Could not send "${mail.subject}" to ${mail.to} by SMTP: ${reason}`
    this.deps.print(`[mail] ${detail}`)
    try {
      this.deps.audit.record({ kind: 'mail_failed', outcome: 'failure', subject: mail.about, detail })
    } catch (auditError) {
      // A send that outlives the database (the app is closing) still ends quietly: the terminal has it.
      this.deps.print(`[mail] could not audit that failure: ${(auditError as Error).message}`)
    }
    return { delivered: false, error: detail, reason }
  }
}
