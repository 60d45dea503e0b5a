import type { FormEvent, ReactNode } from 'react'

interface FormProps {
  /** The error about the whole attempt, shown above the fields. */
  error: string | null
  pending: boolean
  onSubmit: (event: FormEvent<HTMLFormElement>) => void
  children: ReactNode
}

/**
 * A form that submits with Enter and lets main do the validating: the browser's own
 * validation bubbles are off (noValidate) so every error looks and reads the same.
 */
export function Form({ error, pending, onSubmit, children }: FormProps) {
  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending || undefined}>
      {error && (
        <div role="alert" className="alert alert-error">
          {error}
        </div>
      )}
      {children}
    </form>
  )
}
