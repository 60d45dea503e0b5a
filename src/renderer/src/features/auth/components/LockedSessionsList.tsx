import { useId } from 'react'
import type { LockedSessionView } from '@shared/views'
import { useSession } from '@/store/session'

/** `Locked sessions` on this workstation: a name each, and the way back to its Lock screen. */
export function LockedSessionsList({ onUnlock }: { onUnlock: (session: LockedSessionView) => void }) {
  const sessions = useSession((state) => state.session?.lockedSessions ?? [])
  const headingId = useId()
  if (sessions.length === 0) return null
  return (
    <section className="locked-sessions" aria-labelledby={headingId}>
      <h2 id={headingId}>Locked sessions</h2>
      <ul className="locked-list">
        {sessions.map((session) => (
          <li key={session.handle}>
            <button type="button" className="button button-secondary locked-user" onClick={() => onUnlock(session)}>
              {`Unlock ${session.username}`}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
