import type { LockedSessionView } from '@shared/views'
import { Screen } from '../components/Screen'
import { UnlockForm } from '../features/auth/components/UnlockForm'
import { resumeAfterUnlock } from '../features/auth/session-actions'
import { formatDateTime } from '../lib/format'
import { useSession } from '../store/session'

interface LockScreenProps {
  locked: LockedSessionView
  /** Switch user: leaves this session locked and shows Log in. */
  onSwitchUser: () => void
}

/**
 * The only thing a locked window shows: whose session it is and since when. Nothing else of
 * theirs is on the page until their password opens it again.
 */
export function LockScreen({ locked, onSwitchUser }: LockScreenProps) {
  const apply = useSession((state) => state.apply)
  return (
    // Keyed by the session: another person's Lock screen starts with an empty Password field.
    <Screen key={locked.handle} title="Locked">
      <p className="greeting lock-name">{`${locked.username} is locked`}</p>
      <p className="lead">
        Since <time dateTime={new Date(locked.lockedAt).toISOString()}>{formatDateTime(locked.lockedAt)}</time>
      </p>
      <UnlockForm
        handle={locked.handle}
        onUnlocked={(session) => {
          resumeAfterUnlock(locked.handle)
          apply(session)
        }}
      />
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={onSwitchUser}>
          Switch user
        </button>
      </div>
    </Screen>
  )
}
