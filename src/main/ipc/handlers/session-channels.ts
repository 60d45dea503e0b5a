import type { SessionView } from '../../../shared/views'
import type { UserRecord } from '../../db/users-repository'
import type { Services } from '../../core/services'
import type { Handlers } from '../router'
import { toUserView } from '../views'
import type { WindowRegistry } from '../window-registry'

export function sessionView(
  services: Services,
  user: UserRecord | null,
  windows: WindowRegistry,
  windowId: string
): SessionView {
  return {
    user: user ? toUserView(user) : null,
    endedBecause: user ? null : windows.takeEndReason(windowId),
    firstRun: services.accounts.isFirstRun(),
    idleTimeoutInSeconds: services.settings.sessions.idleTimeoutInSeconds,
    secondFactorPending: !user && windows.pendingLoginUserId(windowId) !== null,
    twoFactorSetupRequired:
      user !== null && services.twoFactor.setupRequired(user, services.settings.twoFactor.requiredForAdmins)
  }
}

/** Signs the window in, ending whatever session (or half-finished login) it had before. */
export function bindNewSession(
  windows: WindowRegistry,
  services: Services,
  windowId: string,
  token: string | null
): void {
  const previous = windows.token(windowId)
  if (previous) services.sessions.delete(previous)
  windows.endPendingLogin(windowId)
  if (token) windows.bind(windowId, token)
  else windows.unbind(windowId)
}

export const sessionHandlers = {
  getSession: ({ services, user, windows, caller }) => sessionView(services, user, windows, caller.windowId),

  getPasswordRules: ({ services }) => services.policy.rules(),

  // The router has already marked the session active; nothing else to do.
  reportActivity: () => ({ active: true }),

  signUp: async ({ services, input, windows, caller }) => {
    await services.signUpThrottle.screen(caller.windowId, () => services.accounts.validateNewAccount(input))
    const { user, token } = await services.accounts.signUp(input, caller.windowId)
    bindNewSession(windows, services, caller.windowId, token)
    return sessionView(services, user, windows, caller.windowId)
  },

  createFirstAdmin: async ({ services, input, windows, caller }) => {
    const { user, token } = await services.accounts.signUp(input, caller.windowId, { firstAdmin: true })
    bindNewSession(windows, services, caller.windowId, token)
    return sessionView(services, user, windows, caller.windowId)
  },

  logIn: async ({ services, input, windows, caller }) => {
    const { user, token } = await services.accounts.logIn(input.identifier, input.password, caller.windowId, {
      secondFactorDue: (candidate) => services.twoFactor.isEnabled(candidate.id)
    })
    bindNewSession(windows, services, caller.windowId, token)
    // Right password, 2FA on: the window is only half signed in, until twoFactorVerify*.
    if (token === null) windows.startPendingLogin(caller.windowId, user.id)
    return sessionView(services, token === null ? null : user, windows, caller.windowId)
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
    await services.accounts.changePassword(user, token, input)
    return sessionView(services, services.users.byId(user.id), windows, caller.windowId)
  }
} satisfies Partial<Handlers>
