import { useEffect, useState } from 'react'
import type { PasswordRule } from '@shared/views'

/** The enabled password validators' help texts, fetched from main so they match its settings. */
export function PasswordRules() {
  const [rules, setRules] = useState<PasswordRule[]>([])
  useEffect(() => {
    let open = true
    window.api.getPasswordRules({}).then(
      (result) => {
        if (open && result.ok) setRules(result.data)
      },
      // Help text only: if main cannot be reached, the submit says so.
      () => undefined
    )
    return () => {
      open = false
    }
  }, [])
  if (rules.length === 0) return null
  return (
    <ul className="rules">
      {rules.map((rule) => (
        <li key={rule.code}>{rule.helpText}</li>
      ))}
    </ul>
  )
}
