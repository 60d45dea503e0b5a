import { createCipheriv, createDecipheriv } from 'node:crypto'
import type { MailMessageView } from '../../../shared/admin-views'
import type { OutboxRepository } from '../../db/outbox-repository'
import type { Clock, RandomBytes } from '../support/clock'

export interface StoredMail {
  to: string
  subject: string
  /** The plain-text part, as the Mail log shows it. */
  text: string
  /** The whole message as nodemailer built it (RFC 5322). */
  raw: Buffer
  code: string | null
}

interface SealedBody {
  text: string
  raw: string
  code: string | null
}

const KEY_BYTES = 32
const RUN_ID_BYTES = 8
const IV_BYTES = 12
const TAG_BYTES = 16
/** The Mail log shows this many messages, newest first. */
const LIST_LIMIT = 200
export const BODY_NOT_KEPT = '(from an earlier run: body not kept)'

/**
 * The development outbox. The product wants every message stored in the database and the
 * database never to hold a reset code in clear, and a development message carries a code. So
 * the recipient and subject are stored in clear, while the body is sealed with AES-256-GCM under
 * a key that exists only in this process's memory: the Mail log can show it during this run,
 * and once the process ends nobody can read it back, not even from the file or its WAL.
 * Each body starts with a random run id (not secret) that tells this run's bodies from earlier
 * ones without trying to decrypt them.
 */
export class Outbox {
  private readonly key: Buffer
  private readonly runId: Buffer

  constructor(
    private readonly rows: OutboxRepository,
    private readonly clock: Clock,
    private readonly randomBytes: RandomBytes
  ) {
    this.key = randomBytes(KEY_BYTES)
    this.runId = randomBytes(RUN_ID_BYTES)
  }

  store(mail: StoredMail, transport: string): number {
    const body: SealedBody = { text: mail.text, raw: mail.raw.toString('base64'), code: mail.code }
    return this.rows.insert(this.clock.now(), mail.to, mail.subject, this.seal(JSON.stringify(body)), transport)
  }

  /** Newest first. The code is included on purpose: this is the development Mail log. */
  list(): MailMessageView[] {
    return this.rows.newest(LIST_LIMIT).map((row) => {
      const body = this.open(row.body)
      return {
        id: row.id,
        to: row.recipient,
        subject: row.subject,
        sentAt: row.createdAt,
        text: body?.text ?? BODY_NOT_KEPT,
        code: body?.code ?? null
      }
    })
  }

  private seal(plain: string): Buffer {
    const iv = this.randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(this.runId)
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([this.runId, iv, cipher.getAuthTag(), sealed])
  }

  /** The body of a message stored by this run; null for one from an earlier run. */
  private open(body: Buffer): SealedBody | null {
    if (!body.subarray(0, RUN_ID_BYTES).equals(this.runId)) return null
    const ivEnd = RUN_ID_BYTES + IV_BYTES
    const decipher = createDecipheriv('aes-256-gcm', this.key, body.subarray(RUN_ID_BYTES, ivEnd))
    decipher.setAAD(this.runId)
    decipher.setAuthTag(body.subarray(ivEnd, ivEnd + TAG_BYTES))
    const plain = Buffer.concat([decipher.update(body.subarray(ivEnd + TAG_BYTES)), decipher.final()])
    return JSON.parse(plain.toString('utf8')) as SealedBody
  }
}
