import { loginExpired, type SecondFactorProof } from '../../core/two-factor/two-factor-service'
import type { HandlerContext, Handlers } from '../router'
import { bindNewSession, sessionView } from './session-channels'

/** The second login step: only the window that gave the right password can finish it. */
function verify(
  context: HandlerContext<'twoFactorVerifyLogIn' | 'twoFactorVerifyRecoveryCode'>,
  proof: SecondFactorProof
) {
  const { services, windows, caller } = context
  const userId = windows.pendingLoginUserId(caller.windowId)
  if (userId === null) throw loginExpired()
  const { user, token } = services.twoFactor.completeLogIn(userId, caller.windowId, proof)
  bindNewSession(windows, services, caller.windowId, token)
  return sessionView(services, user, windows, caller.windowId)
}

/**
 * Two-factor set-up and use. The secret crosses IPC only in twoFactorBeginSetup's answer;
 * recovery codes only in the answer that made them.
 */
export const twoFactorHandlers = {
  twoFactorStatus: ({ services, user }) => services.twoFactor.status(user),

  twoFactorBeginSetup: ({ services, user, token }) => services.twoFactor.beginSetup(user, token),

  twoFactorEnable: ({ services, user, input, token }) => services.twoFactor.enable(user, input.code, token),

  twoFactorDisable: async ({ services, user, input }) => {
    await services.twoFactor.disable(user, input.password)
    return services.twoFactor.status(user)
  },

  twoFactorNewRecoveryCodes: ({ services, user, input }) =>
    services.twoFactor.regenerateRecoveryCodes(user, input.password),

  twoFactorVerifyLogIn: (context) => verify(context, { code: context.input.code }),

  twoFactorVerifyRecoveryCode: (context) => verify(context, { recoveryCode: context.input.recoveryCode }),

  twoFactorCancelLogIn: ({ services, user, windows, caller }) => {
    windows.endPendingLogin(caller.windowId)
    return sessionView(services, user, windows, caller.windowId)
  },

  adminDisableTwoFactor: ({ services, user, input }) => {
    services.twoFactor.adminDisable(user, input.id)
    return services.admin.get(input.id)
  }
} satisfies Partial<Handlers>
