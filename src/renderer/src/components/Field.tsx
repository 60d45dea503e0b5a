import { useId, type ReactNode } from 'react'
import type { FieldBinding } from '../hooks/use-api-form'

interface FieldProps {
  label: string
  binding: FieldBinding
  type?: 'text' | 'email' | 'password'
  autoComplete: string
  /** Shown under the input from the start (password rules, hints). */
  help?: ReactNode
  /** A value shown but set elsewhere (a setting fixed by settings.json); the help says where. */
  readOnly?: boolean
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'url'
}

/**
 * One labelled input. Main's errors for it sit right under it with role="alert", and the
 * input points at them (aria-describedby, aria-invalid) so a screen reader reads them too.
 */
export function Field({ label, binding, type = 'text', autoComplete, help, readOnly, inputMode }: FieldProps) {
  const id = useId()
  const errorsId = `${id}-errors`
  const helpId = `${id}-help`
  const invalid = binding.errors.length > 0
  const describedBy = [invalid ? errorsId : null, help ? helpId : null].filter(Boolean).join(' ')
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={binding.inputRef}
        name={binding.name}
        type={type}
        value={binding.value}
        onChange={binding.onChange}
        autoComplete={autoComplete}
        readOnly={readOnly}
        inputMode={inputMode}
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy || undefined}
      />
      {invalid && (
        <div id={errorsId} role="alert" className="field-errors">
          {binding.errors.map((message, index) => (
            <p key={`${index}:${message}`}>{message}</p>
          ))}
        </div>
      )}
      {help && (
        <div id={helpId} className="field-help">
          {help}
        </div>
      )}
    </div>
  )
}
