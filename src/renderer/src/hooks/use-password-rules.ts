import { useEffect, useState } from 'react'
import type { PasswordRule } from '@shared/views'
import { api } from '@/lib/api'

/** The enabled password rules, from main, so screens follow its settings; empty until it answers. */
export function usePasswordRules(): PasswordRule[] {
  const [rules, setRules] = useState<PasswordRule[]>([])
  useEffect(() => {
    let open = true
    api.getPasswordRules({}).then(
      (result) => {
        if (open && result.ok) setRules(result.data)
      },
      // Help only: if main cannot be reached, the submit says so.
      () => undefined
    )
    return () => {
      open = false
    }
  }, [])
  return rules
}

/** The length bounds among the rules, for a generated password. */
export function lengthBounds(rules: readonly PasswordRule[]): { minLength?: number; maxLength?: number } {
  const limit = (code: string) => rules.find((rule) => rule.code === code)?.limit
  return { minLength: limit('password_too_short'), maxLength: limit('password_too_long') }
}
