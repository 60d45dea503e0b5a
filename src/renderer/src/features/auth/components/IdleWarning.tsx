import { useEffect, useId, useRef, useState } from 'react'
import { useSession } from '@/store/session'

/** How long before idle time ends the session the window warns: a minute, less for very short timeouts. */
export function warningLeadInSeconds(idleTimeoutInSeconds: number): number {
  return Math.min(60, idleTimeoutInSeconds / 4)
}

/**
 * `Still there?` shortly before idle time locks (or ends) the session, announced to screen
 * readers as an alert dialog. `Stay signed in` counts as activity in main; letting it run out
 * asks main again, which then shows the Lock screen (or Log in) in place of the person's work.
 */
export function IdleWarning() {
  const view = useSession((state) => state.session)
  const endsIn = view?.user ? (view.idleEndsInSeconds ?? null) : null
  if (!view || endsIn === null) return null
  // Each answer from main starts the count again (keyed by it), from main's own figure.
  return (
    <IdleCountdown
      key={`${view.user?.id}:${endsIn}`}
      endsInSeconds={endsIn}
      idleTimeoutInSeconds={view.idleTimeoutInSeconds}
      locks={view.idleAction === 'lock'}
    />
  )
}

interface IdleCountdownProps {
  endsInSeconds: number
  idleTimeoutInSeconds: number
  locks: boolean
}

function IdleCountdown({ endsInSeconds, idleTimeoutInSeconds, locks }: IdleCountdownProps) {
  const [deadline] = useState(() => Date.now() + endsInSeconds * 1000)
  const [now, setNow] = useState(() => Date.now())
  const headingId = useId()
  const textId = useId()
  const button = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000)
    return () => window.clearInterval(timer)
  }, [])

  const left = deadline - now
  const showing = left <= warningLeadInSeconds(idleTimeoutInSeconds) * 1000
  const over = left <= 0

  useEffect(() => {
    if (showing) button.current?.focus()
  }, [showing])
  useEffect(() => {
    // Main decides: it locks (or ends) the session, and its answer replaces this screen.
    if (over)
      void useSession
        .getState()
        .refresh()
        .catch(() => undefined)
  }, [over])

  if (!showing) return null
  const seconds = Math.max(0, Math.ceil(left / 1000))
  const what = locks ? 'This session will lock' : 'You will be logged out'

  async function stay(): Promise<void> {
    await window.api.reportActivity({}).catch(() => undefined)
    await useSession
      .getState()
      .refresh()
      .catch(() => undefined)
  }

  return (
    <div className="modal-backdrop">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={headingId}
        aria-describedby={textId}
        className="modal card"
      >
        <h2 id={headingId}>Still there?</h2>
        <p id={textId}>{`${what} in ${seconds} ${seconds === 1 ? 'second' : 'seconds'} without activity.`}</p>
        <div className="actions">
          <button ref={button} type="button" className="button button-primary" onClick={() => void stay()}>
            Stay signed in
          </button>
        </div>
      </div>
    </div>
  )
}
