import { formatDateTime } from '@/lib/format'
import { useSession } from '@/store/session'

/** The sign-in before this one, so a person notices one they did not make. */
export function LastSignedIn() {
  const last = useSession((state) => state.session?.lastSignedIn ?? null)
  if (!last) return null
  return (
    <p className="aside last-signed-in">
      Last signed in: <time dateTime={new Date(last.at).toISOString()}>{formatDateTime(last.at)}</time>
      {last.fromAnotherWindow ? ' from another window' : ''}
    </p>
  )
}
