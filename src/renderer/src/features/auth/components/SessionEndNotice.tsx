import { sessionEndNotice } from '@/lib/messages'
import { useSession } from '@/store/session'

/** Says why main signed this window out (idle, expired, …) until someone signs in again. */
export function SessionEndNotice() {
  const reason = useSession((state) => (state.session?.user ? null : state.endNotice))
  const idleTimeoutInSeconds = useSession((state) => state.session?.idleTimeoutInSeconds ?? 15 * 60)
  if (!reason) return null
  return (
    <div role="status" className="alert alert-notice">
      {sessionEndNotice(reason, idleTimeoutInSeconds)}
    </div>
  )
}
