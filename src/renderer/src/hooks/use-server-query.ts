import { useEffect, useState } from 'react'
import type { ApiError, Result } from '@shared/result'
import { unreachableMessage } from '../lib/messages'

export interface ServerQuery<T> {
  /** The latest answer; the previous one stays while a new query is on its way. */
  data: T | null
  /** From the moment the query changes until its own answer arrives. */
  loading: boolean
  error: ApiError | null
  /** Asks again with the same query. */
  reload: () => void
  /** Puts in an answer main gave elsewhere (an action's result), without asking again. */
  replace: (data: T) => void
}

/**
 * Server data fetched where it is used. An answer to a query that has since changed is
 * dropped, so a slow search for "al" never overwrites the quicker one for "alice".
 */
export function useServerQuery<Q, T>(ask: (query: Q) => Promise<Result<T>>, query: Q): ServerQuery<T> {
  const key = JSON.stringify(query)
  const [version, setVersion] = useState(0)
  const ticket = `${version}:${key}`
  const [answered, setAnswered] = useState<string | null>(null)
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  useEffect(() => {
    let current = true
    const settle = (next: { data?: T; error: ApiError | null }): void => {
      if (!current) return
      if (next.data !== undefined) setData(next.data)
      setError(next.error)
      setAnswered(ticket)
    }
    ask(query).then(
      (result) => {
        if (result.ok) return settle({ data: result.data, error: null })
        settle({ error: result.error })
      },
      () => settle({ error: { code: 'unreachable', message: unreachableMessage() } })
    )
    return () => {
      current = false
    }
    // `ticket` stands for `query`: a new object with the same content is the same query.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above; `ask` is a stable `api` function
  }, [ticket])

  return {
    data,
    loading: answered !== ticket,
    error,
    reload: () => setVersion((count) => count + 1),
    replace: (next) => {
      setData(next)
      setError(null)
    }
  }
}
