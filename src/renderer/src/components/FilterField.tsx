import { useId, type Ref } from 'react'
import './data-table.css'

interface FilterFieldProps {
  label: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  inputRef?: Ref<HTMLInputElement>
}

/** A labelled box that narrows a list as one types; nothing to submit. */
export function FilterField({ label, value, onChange, placeholder, inputRef }: FilterFieldProps) {
  const id = useId()
  return (
    <div className="field filter-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="search"
        value={value}
        placeholder={placeholder}
        onChange={(event) => onChange(event.target.value)}
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
      />
    </div>
  )
}
