import type { SessionView } from '../../../shared/views'
import type { UserRecord } from '../../db/users'
import type { Services } from '../../core/services'
import type { Handlers } from '../router'
import { toUserView } from '../views'
import type { PendingLogins } from '../pending-logins'
import type { WindowSessions } from '../window-sessions'

export function sessionView(
  services: Services,
  user: UserRecord | null,
  windows: WindowSessions,
  windowId: string,
  pendingLogins: PendingLogins
): SessionView {
  return {
    user: user ? toUserView(user) : null,
    endedBecause: user ? null : windows.takeEndReason(windowId),
    firstRun: services.accounts.isFirstRun(),
    idleTimeoutInSeconds: services.settings.sessions.idleTimeoutInSeconds,
    secondFactorPending: !user && pendingLogins.userId(windowId) !== null,
    twoFactorSetupRequired:
      user !== null && services.twoFactor.setupRequired(user, services.settings.twoFactor.requiredForAdmins)
  }
}

/** Signs the window in, ending whatever session (or half-finished login) it had before. */
export function bindNewSession(
  windows: WindowSessions,
  services: Services,
  windowId: string,
  token: string | null,
  pendingLogins: PendingLogins
): void {
  const previous = windows.token(windowId)
  if (previous) services.sessions.delete(previous)
  pendingLogins.end(windowId)
  if (token) windows.bind(windowId, token)
  else windows.unbind(windowId)
}

export const sessionHandlers = {
  getSession: ({ services, user, windows, caller, pendingLogins }) =>
    sessionView(services, user, windows, caller.windowId, pendingLogins),

  getPasswordRules: ({ services }) => services.policy.rules(),

  // The router has already marked the session active; nothing else to do.
  reportActivity: () => ({ active: true }),

  signUp: async ({ services, input, windows, caller, pendingLogins }) => {
    services.signUpThrottle.screen(caller.windowId, () => services.accounts.validateNewAccount(input))
    const { user, token } = await services.accounts.signUp(input, caller.windowId)
    bindNewSession(windows, services, caller.windowId, token, pendingLogins)
    return sessionView(services, user, windows, caller.windowId, pendingLogins)
  },

  createFirstAdmin: async ({ services, input, windows, caller, pendingLogins }) => {
    const { user, token } = await services.accounts.signUp(input, caller.windowId, { firstAdmin: true })
    bindNewSession(windows, services, caller.windowId, token, pendingLogins)
    return sessionView(services, user, windows, caller.windowId, pendingLogins)
  },

  logIn: async ({ services, input, windows, caller, pendingLogins }) => {
    const { user, token } = await services.accounts.logIn(input.identifier, input.password, caller.windowId, {
      secondFactorDue: (candidate) => services.twoFactor.isEnabled(candidate.id)
    })
    bindNewSession(windows, services, caller.windowId, token, pendingLogins)
    // Right password, 2FA on: the window is only half signed in, until twoFactorVerify*.
    if (token === null) pendingLogins.start(caller.windowId, user.id)
    return sessionView(services, token === null ? null : user, windows, caller.windowId, pendingLogins)
  },

  logOut: ({ services, user, token, windows, caller, pendingLogins }) => {
    try {
      services.accounts.logOut(user as UserRecord, token as string)
    } finally {
      // Even when the log-out failed, this window no longer holds the session.
      windows.unbind(caller.windowId)
    }
    return sessionView(services, null, windows, caller.windowId, pendingLogins)
  },

  changePassword: async ({ services, user, token, input, windows, caller, pendingLogins }) => {
    await services.accounts.changePassword(user as UserRecord, token as string, input)
    return sessionView(services, services.users.byId((user as UserRecord).id), windows, caller.windowId, pendingLogins)
  }
} satisfies Partial<Handlers>
