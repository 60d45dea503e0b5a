import { usePasswordRules } from '@/hooks/use-password-rules'
import { passwordChecklist, type RuleState } from '@/lib/password-checklist'

/** What each state says to a screen reader, after the rule. */
const SPOKEN: Record<RuleState, string> = {
  met: 'done',
  unmet: 'not yet',
  'on-submit': 'checked when you submit',
  waiting: ''
}

/**
 * The enabled password rules, fetched from main so they match its settings, as a checklist
 * that ticks as `password` is typed. Main checks every rule again on submit.
 */
export function PasswordRules({ password }: { password: string }) {
  const rules = usePasswordRules()
  if (rules.length === 0) return null
  return (
    <ul className="rules rules-checklist">
      {passwordChecklist(rules, password).map((item) => (
        <li key={item.code} className={`rule rule-${item.state}`}>
          <span className="rule-mark" aria-hidden="true" />
          {item.text}
          {SPOKEN[item.state] && <span className="visually-hidden">{` (${SPOKEN[item.state]})`}</span>}
        </li>
      ))}
    </ul>
  )
}
