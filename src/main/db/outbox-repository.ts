import type { Db } from './database'
import { preparedOnce, type Prepare } from './statements'

export interface OutboxRow {
  id: number
  createdAt: number
  recipient: string
  subject: string
  body: Buffer
}

/** SQL for the outbox table. The body arrives sealed; this never sees it in clear. */
export class OutboxRepository {
  private readonly prepare: Prepare

  constructor(db: Db) {
    this.prepare = preparedOnce(db)
  }

  /** Returns the new message's id. */
  insert(createdAt: number, recipient: string, subject: string, sealedBody: Buffer, transport: string): number {
    const result = this.prepare(
      `INSERT INTO outbox (created_at, recipient, subject, body, transport, status)
       VALUES (?, ?, ?, ?, ?, 'stored')`
    ).run(createdAt, recipient, subject, sealedBody, transport)
    return Number(result.lastInsertRowid)
  }

  newest(limit: number): OutboxRow[] {
    return this.prepare(
      `SELECT id, created_at AS createdAt, recipient, subject, body FROM outbox
       ORDER BY created_at DESC, id DESC LIMIT ?`
    ).all(limit) as OutboxRow[]
  }
}
