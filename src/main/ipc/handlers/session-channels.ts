import type { SessionView } from '../../../shared/views'
import type { UserRecord } from '../../db/users-repository'
import type { Services } from '../../core/services'
import type { SessionRecord } from '../../core/sessions/session-store'
import type { Handlers } from '../router'
import { toUserView } from '../views'
import { workstationView } from './workstation-channels'
import type { WindowRegistry } from '../window-registry'

export function sessionView(
  services: Services,
  user: UserRecord | null,
  windows: WindowRegistry,
  windowId: string,
  /** The window's session when the caller has just written it (a login, a sign-up): not read back. */
  justStarted?: SessionRecord
): SessionView {
  return {
    ...workstationView(services, user, windows, windowId, justStarted),
    user: user ? toUserView(user) : null,
    endedBecause: user ? null : windows.takeEndReason(windowId),
    // Someone is signed in, so an account exists.
    firstRun: user === null && services.accounts.isFirstRun(),
    idleTimeoutInSeconds: services.settings.sessions.idleTimeoutInSeconds,
    secondFactorPending: !user && services.signIn.secondFactorPending(windowId),
    twoFactorSetupRequired:
      user !== null && services.twoFactor.setupRequired(user, services.settings.twoFactor.requiredForAdmins)
  }
}

/** The session a window's new sign-in replaces: its open one; a locked one stays in the Locked sessions list. */
export function replacedSession(services: Services, windows: WindowRegistry, windowId: string): string | null {
  const previous = windows.token(windowId)
  return previous && services.sessions.peek(previous)?.lockedAt == null ? previous : null
}

/** Signs the window in after an unlock, ending whatever open session or half-finished login it had. */
export function bindNewSession(windows: WindowRegistry, services: Services, windowId: string, token: string): void {
  const previous = replacedSession(services, windows, windowId)
  if (previous && previous !== token) services.sessions.delete(previous)
  services.signIn.cancelSecondFactor(windowId)
  bindSession(windows, windowId, token)
}

/** Binds the window to the session core started (core has ended the one it held before), or to none. */
export function bindSession(windows: WindowRegistry, windowId: string, token: string | null): void {
  if (token) windows.bind(windowId, token)
  else windows.unbind(windowId)
}

export const sessionHandlers = {
  getSession: ({ services, user, windows, caller }) => sessionView(services, user, windows, caller.windowId),

  getPasswordRules: ({ services }) => services.policy.rules(),

  // The router has already marked the session active; nothing else to do.
  reportActivity: () => ({ active: true }),

  signUp: async ({ services, input, windows, caller }) => {
    const { user, token, session } = await services.accounts.signUp(input, caller.windowId, {
      replacing: replacedSession(services, windows, caller.windowId)
    })
    bindSession(windows, caller.windowId, token)
    return sessionView(services, user, windows, caller.windowId, session)
  },

  createFirstAdmin: async ({ services, input, windows, caller }) => {
    const { user, token, session } = await services.accounts.signUp(input, caller.windowId, {
      firstAdmin: true,
      replacing: replacedSession(services, windows, caller.windowId)
    })
    bindSession(windows, caller.windowId, token)
    return sessionView(services, user, windows, caller.windowId, session)
  },

  logIn: async ({ services, input, windows, caller }) => {
    const window = { id: caller.windowId, replacing: replacedSession(services, windows, caller.windowId) }
    const outcome = await services.signIn.logIn(input.identifier, input.password, window)
    if (outcome.status === 'refused') throw outcome.error
    // Right password, 2FA on: the window is only half signed in, until twoFactorVerify*.
    const signedIn = outcome.status === 'signed-in' ? outcome : null
    bindSession(windows, caller.windowId, signedIn?.token ?? null)
    return sessionView(services, signedIn?.user ?? null, windows, caller.windowId, signedIn?.session)
  },

  logOut: ({ services, user, token, windows, caller }) => {
    try {
      services.accounts.logOut(user, token)
    } finally {
      // Even when the log-out failed, this window no longer holds the session.
      windows.unbind(caller.windowId)
    }
    return sessionView(services, null, windows, caller.windowId)
  },

  changePassword: async ({ services, user, token, input, windows, caller }) => {
    const changed = await services.accounts.changePassword(user, token, input)
    return sessionView(services, changed, windows, caller.windowId)
  }
} satisfies Partial<Handlers>
