import { useId, type ReactNode } from 'react'
import './checkbox.css'

interface CheckboxProps {
  label: string
  checked: boolean
  onChange: (checked: boolean) => void
  disabled?: boolean
  help?: ReactNode
}

/** One labelled checkbox (a role), its help text read with it. */
export function Checkbox({ label, checked, onChange, disabled = false, help }: CheckboxProps) {
  const id = useId()
  const helpId = `${id}-help`
  return (
    <div className="checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={help ? helpId : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {help && (
        <div id={helpId} className="field-help">
          {help}
        </div>
      )}
    </div>
  )
}
