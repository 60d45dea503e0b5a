import { fieldError } from '../../../shared/errors'
import { normalizeEmail } from '../../../shared/email'
import { EMAIL_MAX_CHARS, USERNAME_MAX_CHARS } from '../../../shared/limits'
import type { FieldError } from '../../../shared/result'
import { mixesScripts, stacksMarks } from './username-scripts'

/**
 * Usernames: 1 to USERNAME_MAX_CHARS characters of letters, digits and @ . + - _, after NFKC
 * normalisation; the letters of one script (or a mix TR39 allows, username-scripts.ts), and no
 * more than two combining marks in a row. Look-alikes of another account's name are refused
 * where names are compared (NewAccounts.usernameProblems, the database's skeleton index).
 */
export { EMAIL_MAX_CHARS, USERNAME_MAX_CHARS } from '../../../shared/limits'
export { normalizeEmail } from '../../../shared/email'

const usernamePattern = /^[\p{L}\p{M}\p{N}@.+\-_]+$/u
// Deliberately simple: one @, no spaces, a dotted domain of letters/digits/hyphens.
const emailPattern =
  /^[^\s@]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/u

export const normalizeUsername = (raw: string): string => raw.normalize('NFKC')

/** The form compared for uniqueness: case-folded (upper then lower folds ß to ss, etc.). */
export const usernameKey = (username: string): string => normalizeUsername(username).toUpperCase().toLowerCase()

export const emailKey = (email: string): string => normalizeEmail(email).toLowerCase()

const charCount = (text: string): number => [...text].length

export function usernameErrors(username: string): FieldError[] {
  const length = charCount(username)
  if (length === 0) return [fieldError('username_required')]
  const errors: FieldError[] = []
  if (length > USERNAME_MAX_CHARS) {
    errors.push(fieldError('username_too_long', { max: USERNAME_MAX_CHARS, length }))
  }
  if (!usernamePattern.test(username)) {
    errors.push(fieldError('username_invalid'))
  } else if (stacksMarks(username)) {
    errors.push(fieldError('username_too_many_marks'))
  } else if (mixesScripts(username)) {
    errors.push(fieldError('username_mixed_scripts'))
  }
  return errors
}

export function emailErrors(email: string): FieldError[] {
  if (email.length === 0) return [fieldError('email_required')]
  if (charCount(email) > EMAIL_MAX_CHARS || !emailPattern.test(email)) {
    return [fieldError('email_invalid')]
  }
  return []
}
