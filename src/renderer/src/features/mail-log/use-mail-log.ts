import { useCallback, useEffect, useRef, useState } from 'react'
import type { MailMessageView } from '@shared/admin-views'
import { messageFor, unreachableMessage } from '@/lib/messages'
import { api } from '@/lib/api'

export interface MailLog {
  /** Newest first; null until the first answer. */
  messages: MailMessageView[] | null
  /** Why the last fetch failed, in words; the list shown is then the last good one. */
  error: string | null
  reload: () => void
}

/**
 * The outbox as main lists it, fetched again whenever main says a message arrived. Answers
 * that come back out of order are dropped, so a slow early fetch cannot hide a newer message.
 */
export function useMailLog(): MailLog {
  const [messages, setMessages] = useState<MailMessageView[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const latest = useRef(0)

  const reload = useCallback(() => {
    const request = ++latest.current
    api.mailLogList({}).then(
      (result) => {
        if (request !== latest.current) return
        if (result.ok) {
          setMessages(result.data)
          setError(null)
        } else {
          setError(messageFor(result.error))
        }
      },
      () => {
        if (request === latest.current) setError(unreachableMessage())
      }
    )
  }, [])

  useEffect(() => {
    // Subscribed before the first fetch, so a message arriving in between is not missed.
    const unsubscribe = api.on('mailLogChanged', reload)
    reload()
    return () => {
      // A counter, not a DOM node: bumping it makes any answer still on its way stale.
      // eslint-disable-next-line react-hooks/exhaustive-deps -- the latest value is the one to bump
      latest.current++
      unsubscribe()
    }
  }, [reload])

  return { messages, error, reload }
}
