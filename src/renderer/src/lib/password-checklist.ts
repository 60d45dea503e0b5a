import type { PasswordRule } from '@shared/views'

/**
 * - `met` / `unmet`: checked here as the person types (length, all digits);
 * - `on-submit`: main checks it (the common-password list, similarity to the name and address);
 * - `waiting`: nothing typed yet.
 */
export type RuleState = 'met' | 'unmet' | 'on-submit' | 'waiting'

export interface ChecklistItem {
  code: string
  text: string
  state: RuleState
}

/** Characters as a person counts them (and as main does): "é" and "😀" are one each. */
const lengthOf = (password: string): number => [...password].length

/** The share of the upper limit past which "at most N characters" is worth showing. */
const NEAR_THE_LIMIT = 0.9

function stateOf(rule: PasswordRule, password: string): RuleState {
  if (password.length === 0) return rule.code === 'password_too_short' ? 'unmet' : 'waiting'
  switch (rule.code) {
    case 'password_too_short':
      return lengthOf(password) >= (rule.limit ?? 0) ? 'met' : 'unmet'
    case 'password_too_long':
      return lengthOf(password) <= (rule.limit ?? Infinity) ? 'met' : 'unmet'
    case 'password_entirely_numeric':
      // As main's validator: every character a digit, in any script.
      return /^\p{N}+$/u.test(password) ? 'unmet' : 'met'
    default:
      return 'on-submit'
  }
}

/**
 * Main's enabled rules as a checklist for `password`, ticked as it is typed. The upper length
 * limit is left out until the password comes near it: almost nobody needs to read it.
 */
export function passwordChecklist(rules: readonly PasswordRule[], password: string): ChecklistItem[] {
  return rules
    .filter(
      (rule) => rule.code !== 'password_too_long' || lengthOf(password) >= NEAR_THE_LIMIT * (rule.limit ?? Infinity)
    )
    .map((rule) => ({ code: rule.code, text: rule.helpText, state: stateOf(rule, password) }))
}
