import type { Db } from './database'
import { preparedOnce } from './statements'

/** A named secret of this data folder, or undefined before it is made. */
export function readSecret(db: Db, name: string): Buffer | undefined {
  const row = preparedOnce(db)('SELECT value FROM secrets WHERE name = ?').get(name) as { value: Buffer } | undefined
  return row?.value
}

/**
 * The secret `name`, made from `fresh` if there is none yet. INSERT OR IGNORE, then read:
 * whichever process wrote first, every process uses the same value.
 */
export function secretOrMake(db: Db, name: string, fresh: () => Buffer): Buffer {
  preparedOnce(db)('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)').run(name, fresh())
  return readSecret(db, name) as Buffer
}
