import type { ApiError } from '@shared/result'
import { refreshIfSessionChanged, useSession } from '../store/session'

/**
 * An admin call refused because this window is signed out, or because its user is no longer an
 * active administrator: ask main who is signed in, so the screen's access rule moves on.
 */
export function refreshIfAccessChanged(error: ApiError): void {
  if (error.code === 'forbidden')
    useSession
      .getState()
      .refresh()
      .catch(() => undefined)
  else refreshIfSessionChanged(error)
}
