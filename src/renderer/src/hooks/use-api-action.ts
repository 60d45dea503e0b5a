import { useRef, useState } from 'react'
import type { ApiError, Result } from '@shared/result'
import { messageFor, unreachableMessage } from '../lib/messages'

export interface ApiAction<A extends unknown[]> {
  /** Starts the call; ignored while one is on its way, so a double click sends once. */
  run: (...args: A) => void
  pending: boolean
  /** The last failure in words (main's refusal, or main not answering); null once a call starts or succeeds. */
  error: string | null
  /** The last failure as main sent it, for callers that place field errors themselves. */
  failure: ApiError | null
}

export interface ApiActionOptions<A extends unknown[], T> {
  call: (...args: A) => Promise<Result<T>>
  onSuccess: (data: T, ...args: A) => void
  /** Words for a failure; main's message by default. */
  describe?: (error: ApiError) => string
}

const unreachable = (): ApiError => ({ code: 'unreachable', message: unreachableMessage() })

/**
 * A button's call to main (not a form's: that is `useApiForm`): pending while it runs, the
 * failure in words after, one call at a time.
 */
export function useApiAction<A extends unknown[], T>(options: ApiActionOptions<A, T>): ApiAction<A> {
  const [pending, setPending] = useState(false)
  const [failure, setFailure] = useState<ApiError | null>(null)
  const inFlight = useRef(false)

  async function go(args: A): Promise<void> {
    let result: Result<T>
    try {
      result = await options.call(...args)
    } catch {
      result = { ok: false, error: unreachable() }
    } finally {
      inFlight.current = false
      setPending(false)
    }
    if (result.ok) options.onSuccess(result.data, ...args)
    else setFailure(result.error)
  }

  return {
    run: (...args) => {
      if (inFlight.current) return
      inFlight.current = true
      setPending(true)
      setFailure(null)
      void go(args)
    },
    pending,
    error: failure ? (options.describe ?? messageFor)(failure) : null,
    failure
  }
}
