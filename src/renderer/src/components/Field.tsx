import { useId, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { FieldBinding } from '../hooks/use-api-form'
import './password.css'

interface FieldProps {
  label: string
  binding: FieldBinding
  type?: 'text' | 'email' | 'password' | 'date'
  autoComplete: string
  /** Shown under the input from the start (password rules, hints). */
  help?: ReactNode
  /** A value shown but set elsewhere (a setting fixed by settings.json); the help says where. */
  readOnly?: boolean
  /** An option that does not apply now (its check is off): shown, greyed, not sent. */
  disabled?: boolean
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'url'
  /** Enter in this field does this instead of submitting the surrounding form. */
  onEnter?: () => void
}

/** Enter in the field does `action` instead of submitting the form around it. */
const enterDoes =
  (action: () => void) =>
  (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    action()
  }

/**
 * One labelled input. Main's errors for it sit right under it with role="alert", and the
 * input points at them (aria-describedby, aria-invalid) so a screen reader reads them too.
 */
export function Field({
  label,
  binding,
  type = 'text',
  autoComplete,
  help,
  readOnly,
  disabled,
  inputMode,
  onEnter
}: FieldProps) {
  const { inputRef, name, value, onChange, errors } = binding
  const id = useId()
  const errorsId = `${id}-errors`
  const helpId = `${id}-help`
  const invalid = errors.length > 0
  const describedBy = [invalid ? errorsId : null, help ? helpId : null].filter(Boolean).join(' ')
  const [shown, setShown] = useState(false)
  const input = (
    <input
      id={id}
      ref={inputRef}
      name={name}
      // An email field is a text field: Chromium's type="email" turns `exämple.com` into `xn--exmple-cua.com`.
      type={type === 'email' || (type === 'password' && shown) ? 'text' : type}
      value={value}
      onChange={onChange}
      onKeyDown={onEnter && enterDoes(onEnter)}
      autoComplete={autoComplete}
      readOnly={readOnly}
      disabled={disabled}
      inputMode={inputMode ?? (type === 'email' ? 'email' : undefined)}
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy || undefined}
    />
  )
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {type === 'password' ? (
        <div className="password-input">
          {input}
          {/* The same name pressed or not: a toggle says its state through aria-pressed. */}
          <button
            type="button"
            className="button button-secondary"
            aria-pressed={shown}
            aria-controls={id}
            onClick={() => setShown(!shown)}
          >
            Show password
          </button>
        </div>
      ) : (
        input
      )}
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
