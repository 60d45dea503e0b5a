import { api } from '@/lib/api'
import type { Result } from '@shared/result'
import type { SessionView } from '@shared/views'
import { DASHBOARD, route, type Route } from '@/lib/routes'
import { useRouter } from '@/store/router'
import { refreshIfSessionChanged, useSession } from '@/store/session'

/**
 * Where each locked session was (by its handle), so Unlock returns its owner there. In memory
 * only, never on the page: the next person's screens cannot show it.
 */
const resumeRoutes = new Map<string, Route>()

async function applied(call: Promise<Result<SessionView>>): Promise<SessionView | null> {
  const result = await call
  if (!result.ok) {
    refreshIfSessionChanged(result.error)
    return null
  }
  useSession.getState().apply(result.data)
  return result.data
}

/** Lock: the session stays, hidden behind the Lock screen; the screen it was on is remembered. */
export async function lockThisWindow(): Promise<void> {
  const here = useRouter.getState().route
  const view = await applied(api.lockSession({}))
  if (view?.locked) resumeRoutes.set(view.locked.handle, here)
  // Nothing of the person stays in the address either.
  useRouter.getState().replace(DASHBOARD)
}

/** Switch user: the session stays locked, and the window shows Log in for the next person. */
export async function switchUser(): Promise<void> {
  const here = useRouter.getState().route
  const locked = useSession.getState().session?.locked ?? null
  const view = await applied(api.switchUser({}))
  const mine = locked ?? view?.lockedSessions.at(-1) ?? null
  if (mine && !resumeRoutes.has(mine.handle) && !locked) resumeRoutes.set(mine.handle, here)
  useRouter.getState().replace(route('log-in'))
}

export async function logOutThisWindow(): Promise<void> {
  await applied(api.logOut({}))
  useRouter.getState().replace(DASHBOARD)
}

/** After Unlock: back where this session was, or the Dashboard. */
export function resumeAfterUnlock(handle: string): void {
  const target = resumeRoutes.get(handle) ?? DASHBOARD
  resumeRoutes.delete(handle)
  useRouter.getState().replace(target)
}
