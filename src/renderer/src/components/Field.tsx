import { useId, type ReactNode } from 'react'
import type { FieldBinding } from '../hooks/use-api-form'

interface FieldProps {
  label: string
  binding: FieldBinding
  type?: 'text' | 'email' | 'password' | 'date'
  autoComplete: string
  /** Shown under the input from the start (password rules, hints). */
  help?: ReactNode
  /** A value shown but set elsewhere (a setting fixed by settings.json); the help says where. */
  readOnly?: boolean
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'url'
  /** Enter in this field does this instead of submitting the surrounding form. */
  onEnter?: () => void
}

/**
 * One labelled input. Main's errors for it sit right under it with role="alert", and the
 * input points at them (aria-describedby, aria-invalid) so a screen reader reads them too.
 */
export function Field({ label, binding, type = 'text', autoComplete, help, readOnly, inputMode, onEnter }: FieldProps) {
  const { inputRef, name, value, onChange, errors } = binding
  const id = useId()
  const errorsId = `${id}-errors`
  const helpId = `${id}-help`
  const invalid = errors.length > 0
  const describedBy = [invalid ? errorsId : null, help ? helpId : null].filter(Boolean).join(' ')
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        name={name}
        type={type}
        value={value}
        onChange={onChange}
        onKeyDown={
          onEnter
            ? (event) => {
                if (event.key !== 'Enter') return
                event.preventDefault()
                onEnter()
              }
            : undefined
        }
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
          {errors.map((message, index) => (
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
