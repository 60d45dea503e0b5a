import { useEffect, useRef, useState } from 'react'
import './page-section.css'

/** What the last action did; `count` tells the same words said twice apart, so focus moves again. */
export interface Outcome {
  text: string
  count: number
}

/** A section's outcome, told by its own actions. */
export function useOutcome(): { outcome: Outcome | null; tell: (text: string) => void; clear: () => void } {
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  return {
    outcome,
    tell: (text) => setOutcome((last) => ({ text, count: (last?.count ?? 0) + 1 })),
    clear: () => setOutcome(null)
  }
}

/**
 * The result of the control just used, right under it: its words (`role="status"`) or its
 * failure (`role="alert"`). Focus comes here when either appears, since the button pressed may
 * be gone (Unlock) or replaced (Deactivate → Reactivate): the keyboard keeps its place on the page.
 */
export function ActionOutcome({ outcome, error }: { outcome: Outcome | null; error: string | null }) {
  const place = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (outcome || error) place.current?.focus()
  }, [outcome, error])
  return (
    <div ref={place} tabIndex={-1} className="action-outcome">
      {/* Always there, so a screen reader announces what appears in it. */}
      <p role="status" className="alert alert-notice section-status">
        {outcome && !error ? outcome.text : ''}
      </p>
      {error && (
        <div role="alert" className="alert alert-error section-alert">
          {error}
        </div>
      )}
    </div>
  )
}
