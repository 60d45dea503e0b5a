import type { FieldErrors } from '../support/errors'
import type { Settings } from '../settings/load-settings'
import { fieldError } from '../../../shared/errors'
import { PASSWORD_MAX_CHARS } from '../../../shared/limits'
import type { FieldError } from '../../../shared/result'
import type { PasswordRule } from '../../../shared/views'

export { PASSWORD_MAX_CHARS } from '../../../shared/limits'

export interface PasswordContext {
  username?: string
  email?: string
}

interface PasswordValidator {
  rule: PasswordRule
  check(password: string, context: PasswordContext): FieldError | null
}

type ValidatorSettings = Settings['passwordValidators']

/**
 * Django's quick_ratio: twice the characters the two strings share (as multisets) over their
 * total length. An upper bound on the real similarity, cheap, and what Django compares.
 */
export function quickRatio(a: string, b: string): number {
  const total = a.length + b.length
  if (total === 0) return 1
  const counts = new Map<string, number>()
  for (const ch of b) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let shared = 0
  for (const ch of a) {
    const left = counts.get(ch) ?? 0
    if (left > 0) {
      shared++
      counts.set(ch, left - 1)
    }
  }
  return (2 * shared) / total
}

function minimumLength(minLength: number): PasswordValidator {
  const helpText = `Your password must contain at least ${minLength} characters.`
  return {
    rule: { code: 'password_too_short', helpText, limit: minLength },
    check: (password) =>
      [...password].length < minLength ? fieldError('password_too_short', { min: minLength }) : null
  }
}

function userAttributeSimilarity(maxSimilarity: number): PasswordValidator {
  return {
    rule: {
      code: 'password_too_similar',
      helpText: 'Your password can’t be too similar to your other personal information.'
    },
    check(password, context) {
      const lowered = password.toLowerCase()
      for (const [attribute, label] of [
        [context.username, 'username'],
        [context.email, 'email address']
      ] as const) {
        if (!attribute) continue
        const value = attribute.toLowerCase()
        const parts = [value, ...value.split(/[^\p{L}\p{N}]+/u).filter((p) => p.length > 0)]
        if (parts.some((part) => quickRatio(lowered, part) >= maxSimilarity)) {
          return fieldError('password_too_similar', { attribute: label })
        }
      }
      return null
    }
  }
}

function commonPassword(list: ReadonlySet<string>): PasswordValidator {
  return {
    rule: {
      code: 'password_too_common',
      helpText: 'Your password can’t be a commonly used password.'
    },
    check: (password) => (list.has(password.trim().toLowerCase()) ? fieldError('password_too_common') : null)
  }
}

const numeric: PasswordValidator = {
  rule: { code: 'password_entirely_numeric', helpText: 'Your password can’t be entirely numeric.' },
  check: (password) => (/^\p{N}+$/u.test(password) ? fieldError('password_entirely_numeric') : null)
}

const maximumLength: PasswordValidator = {
  rule: {
    code: 'password_too_long',
    helpText: `Your password can have at most ${PASSWORD_MAX_CHARS} characters.`,
    limit: PASSWORD_MAX_CHARS
  },
  check: (password) => {
    const length = [...password].length
    return length > PASSWORD_MAX_CHARS ? fieldError('password_too_long', { max: PASSWORD_MAX_CHARS, length }) : null
  }
}

const mismatch: FieldError = fieldError('password_mismatch')

/** Runs every enabled validator and returns all failures, like Django's validate_password. */
export class PasswordPolicy {
  constructor(
    private readonly settings: ValidatorSettings,
    private readonly commonPasswords: ReadonlySet<string>
  ) {}

  /** Built from the settings at each call: a change on the Settings screen applies to the next password. */
  private get validators(): PasswordValidator[] {
    const { settings } = this
    const enabled: PasswordValidator[] = []
    if (settings.minimumLength.enabled) enabled.push(minimumLength(settings.minimumLength.minLength))
    if (settings.userAttributeSimilarity.enabled) {
      enabled.push(userAttributeSimilarity(settings.userAttributeSimilarity.maxSimilarity))
    }
    if (settings.commonPassword.enabled) enabled.push(commonPassword(this.commonPasswords))
    if (settings.numeric.enabled) enabled.push(numeric)
    enabled.push(maximumLength)
    return enabled
  }

  errors(password: string, context: PasswordContext = {}): FieldError[] {
    if (password.length === 0) return [fieldError('password_required')]
    // Past the ceiling only that is reported: comparing a huge string helps nobody.
    const tooLong = maximumLength.check(password, context)
    if (tooLong) return [tooLong]
    return this.validators
      .map((validator) => validator.check(password, context))
      .filter((error): error is FieldError => error !== null)
  }

  /**
   * A form's new password and its confirmation: the password's failures, and a mismatch on the
   * confirmation when the two differ, each under the form's own field name.
   */
  addNewPasswordErrors<P extends string, C extends string>(
    errors: FieldErrors,
    input: Record<P | C, string>,
    [passwordField, confirmationField]: [P, C],
    context: PasswordContext
  ): void {
    errors.add(passwordField, this.errors(input[passwordField], context))
    if (input[passwordField] !== input[confirmationField]) errors.add(confirmationField, mismatch)
  }

  rules(): PasswordRule[] {
    return this.validators.map((validator) => validator.rule)
  }
}
