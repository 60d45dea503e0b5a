import { createCipheriv, createDecipheriv } from 'node:crypto'
import type { Db } from '../../db/database'
import { secretOrMake } from '../../db/secrets-repository'
import type { RandomBytes } from './clock'

const KEY_NAME = 'two_factor_key'
const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * AES-256-GCM for the few values the app must read back (TOTP secrets), with a key kept in the
 * database's `secrets` table. Threat model, honestly: the key sits in the same file, so this
 * keeps the secrets out of casual reads (a `SELECT *`, a table export, a support screenshot) and
 * binds each sealed value to its owner (`context`, as associated data, so a row copied to
 * another user does not open); it does not protect against someone who has the whole database
 * file. The key is made on first use, once, even with two processes on one folder.
 */
export class SecretBox {
  private key: Buffer | null = null

  constructor(
    private readonly db: Db,
    private readonly randomBytes: RandomBytes
  ) {}

  seal(plain: Buffer, context: string): Buffer {
    const iv = this.randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.keyBytes(), iv)
    cipher.setAAD(Buffer.from(context))
    const body = Buffer.concat([cipher.update(plain), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), body])
  }

  /** Throws when the value was altered or sealed for another context. */
  open(sealed: Buffer, context: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.keyBytes(), sealed.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(context))
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()])
  }

  private keyBytes(): Buffer {
    if (!this.key) {
      this.key = secretOrMake(this.db, KEY_NAME, () => this.randomBytes(32))
    }
    return this.key
  }
}
