import type { ApiError } from '@shared/result'
import { messageFor } from '../lib/messages'

interface LoadingOrErrorProps {
  /** Why the last fetch failed, or null while it is still on its way. */
  error: ApiError | null
  onRetry: () => void
}

/** What a screen shows until main's answer is there: a spinner, or the error and a way to ask again. */
export function LoadingOrError({ error, onRetry }: LoadingOrErrorProps) {
  if (!error) {
    return (
      <p className="lead loading">
        <span className="spinner" aria-hidden="true" />
        Loading…
      </p>
    )
  }
  return (
    <>
      <div role="alert" className="alert alert-error">
        {messageFor(error)}
      </div>
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      </div>
    </>
  )
}
