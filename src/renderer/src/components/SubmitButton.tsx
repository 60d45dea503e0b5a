interface SubmitButtonProps {
  label: string
  /** Shown while main works on it ("Signing up…"): hashing a password takes a moment. */
  pendingLabel: string
  pending: boolean
}

export function SubmitButton({ label, pendingLabel, pending }: SubmitButtonProps) {
  return (
    <button type="submit" className="button button-primary" disabled={pending} aria-busy={pending || undefined}>
      {pending && <span className="spinner" aria-hidden="true" />}
      {pending ? pendingLabel : label}
    </button>
  )
}
