import { createHash } from 'node:crypto'
import { RESET_CODE_CHARS } from '../../../shared/limits'
import type { RandomBytes } from './clock'

/**
 * Reset codes as people see them: 80 random bits in Crockford base32, 16 characters shown as
 * `XXXX-XXXX-XXXX-XXXX`. The alphabet has no I, L, O or U, so nothing reads two ways; typed
 * input is forgiving (any case, dashes or spaces, I/L for 1 and O for 0).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const CODE_BYTES = 10
export const CODE_CHARS = RESET_CODE_CHARS
const GROUP_CHARS = 4

/** A fresh random code in its canonical form (16 characters, no dashes). */
export function newResetCode(randomBytes: RandomBytes): string {
  const bytes = randomBytes(CODE_BYTES)
  let bits = 0n
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte)
  let code = ''
  for (let i = CODE_CHARS - 1; i >= 0; i--) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)]
  return code
}

/** `ABCDEFGHJKMNPQRS` → `ABCD-EFGH-JKMN-PQRS`. */
export function displayResetCode(canonical: string): string {
  return canonical.match(new RegExp(`.{1,${GROUP_CHARS}}`, 'g'))?.join('-') ?? canonical
}

/** What a person typed → the canonical code, or null when it cannot be a code at all. */
export function parseResetCode(typed: string): string | null {
  const canonical = typed.replace(/[\s-]/g, '').toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0')
  if (canonical.length !== CODE_CHARS) return null
  return [...canonical].every((ch) => ALPHABET.includes(ch)) ? canonical : null
}

/**
 * What the database keeps. A fast hash is enough: the code has 80 random bits, so there is
 * no dictionary to run, unlike a password.
 */
export const hashResetCode = (canonical: string): Buffer => createHash('sha256').update(canonical).digest()
