import type { SessionView } from '../../../shared/views'
import type { UserRecord } from '../../db/users-repository'
import type { Services } from '../../core/services'
import type { SessionRecord } from '../../core/sessions/session-store'
import type { Handlers } from '../router'
import type { WindowRegistry } from '../window-registry'
import { bindNewSession, sessionView } from './session-channels'

type WorkstationView = Pick<
  SessionView,
  'locked' | 'lockedSessions' | 'lastSignedIn' | 'idleAction' | 'idleEndsInSeconds'
>

/**
 * The shared-workstation part of a window's SessionView: its own locked session (the Lock
 * screen shows only that name and time), the Locked sessions list for Log in, and the
 * signed-in person's previous sign-in.
 */
export function workstationView(
  services: Services,
  user: UserRecord | null,
  windows: WindowRegistry,
  windowId: string,
  justStarted?: SessionRecord
): WorkstationView {
  const token = windows.token(windowId)
  const session = justStarted ?? (token ? services.sessions.peek(token) : null)
  const owner = !user && session?.lockedAt != null ? services.users.byId(session.userId) : null
  const locked =
    session && owner
      ? { handle: session.handle, username: owner.username, lockedAt: session.lockedAt ?? 0, endedBecause: null }
      : null
  const previous = user ? session?.previousSignIn : null
  return {
    locked,
    lockedSessions: user || locked ? [] : services.sessionLocks.lockedSessions(),
    lastSignedIn:
      previous && session ? { at: previous.at, fromAnotherWindow: previous.windowId !== session.windowId } : null,
    idleAction: services.settings.sessions.idleAction,
    // Main's count, so the window warns a minute before whatever its own clock says.
    idleEndsInSeconds:
      user && session
        ? Math.max(
            0,
            (session.lastSeenAt + services.settings.sessions.idleTimeoutInSeconds * 1000 - services.clock.now()) / 1000
          )
        : null
  }
}

/** Lock, Switch user, Unlock, Confirm it's you, and the administrators' Sessions screen. */
export const workstationHandlers = {
  lockSession: ({ services, token, windows, caller }) => {
    services.sessionLocks.lock(token)
    return sessionView(services, null, windows, caller.windowId)
  },

  switchUser: ({ services, windows, caller }) => {
    const token = windows.token(caller.windowId)
    // From an open session, Switch user locks it first: it never ends or stays open behind Log in.
    if (token && services.sessions.peek(token)?.lockedAt === null) services.sessionLocks.lock(token)
    windows.unbind(caller.windowId)
    return sessionView(services, null, windows, caller.windowId)
  },

  unlockSession: async ({ services, input, windows, caller }) => {
    const { user, token } = await services.sessionLocks.unlock(input.handle, input.password, caller.windowId)
    bindNewSession(windows, services, caller.windowId, token)
    return sessionView(services, services.users.byId(user.id), windows, caller.windowId)
  },

  reauthenticate: async ({ services, user, token, input }) => {
    await services.reauthentication.confirm(user, token, input.password)
    return { confirmed: true as const }
  },

  adminListSessions: ({ services, token }) => services.sessionLocks.list(token),

  adminEndSession: ({ services, user, input }) => {
    services.sessionLocks.endByAdmin(user, input.handle)
    return { ended: true as const }
  }
} satisfies Partial<Handlers>
