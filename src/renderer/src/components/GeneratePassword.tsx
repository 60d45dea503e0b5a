import { useState } from 'react'
import { lengthBounds, usePasswordRules } from '@/hooks/use-password-rules'
import { generatePassword } from '@/lib/generate-password'
import { CopyButton } from './CopyButton'
import './copy.css'

interface GeneratePasswordProps {
  /** What the password field holds now: the generated password is shown only while it is still the one there. */
  current: string
  /** Fills the password and its confirmation. */
  onGenerate: (password: string) => void
}

/**
 * `Generate password`: a strong password made here with crypto.getRandomValues, filled into the
 * form and shown once with `Copy`, to hand over. The administrator may still type one instead.
 */
export function GeneratePassword({ current, onGenerate }: GeneratePasswordProps) {
  const rules = usePasswordRules()
  const [generated, setGenerated] = useState<string | null>(null)
  const shown = generated !== null && generated === current
  return (
    <div className="generate-password">
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          const password = generatePassword(lengthBounds(rules))
          setGenerated(password)
          onGenerate(password)
        }}
      >
        Generate password
      </button>
      {shown && (
        <p className="generated-password">
          <span>Generated password: </span>
          <code aria-label="Generated password">{generated}</code>{' '}
          <CopyButton text={generated} label="Copy" what="the password" />
        </p>
      )}
    </div>
  )
}
