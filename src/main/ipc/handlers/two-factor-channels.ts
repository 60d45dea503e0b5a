import type { SecondFactorProof } from '../../core/two-factor/two-factor-service'
import type { HandlerContext, Handlers } from '../router'
import { bindSession, sessionView } from './session-channels'

/** The second login step: only the window that gave the right password can finish it (core knows which). */
function verify(
  context: HandlerContext<'twoFactorVerifyLogIn' | 'twoFactorVerifyRecoveryCode'>,
  proof: SecondFactorProof
) {
  const { services, windows, caller } = context
  const window = { id: caller.windowId, replacing: windows.token(caller.windowId) }
  const { user, token, session } = services.signIn.completeSecondFactor(window, proof)
  bindSession(windows, caller.windowId, token)
  return sessionView(services, user, windows, caller.windowId, session)
}

/**
 * Two-factor set-up and use. The secret crosses IPC only in twoFactorBeginSetup's answer;
 * recovery codes only in the answer that made them.
 */
export const twoFactorHandlers = {
  twoFactorStatus: ({ services, user }) => services.twoFactor.status(user),

  twoFactorBeginSetup: ({ services, user, token }) => services.twoFactor.beginSetup(user, token),

  twoFactorEnable: ({ services, user, input, token }) => services.twoFactor.enable(user, input.code, token),

  twoFactorDisable: async ({ services, user, token, input }) => {
    await services.twoFactor.disable(user, input.password, token)
    return services.twoFactor.status(user)
  },

  twoFactorNewRecoveryCodes: ({ services, user, token, input }) =>
    services.twoFactor.regenerateRecoveryCodes(user, input.password, token),

  twoFactorVerifyLogIn: (context) => verify(context, { code: context.input.code }),

  twoFactorVerifyRecoveryCode: (context) => verify(context, { recoveryCode: context.input.recoveryCode }),

  twoFactorCancelLogIn: ({ services, user, windows, caller }) => {
    services.signIn.cancelSecondFactor(caller.windowId)
    return sessionView(services, user, windows, caller.windowId)
  },

  adminDisableTwoFactor: ({ services, user, input }) => {
    services.twoFactor.adminDisable(user, input.id)
    return services.admin.get(input.id)
  }
} satisfies Partial<Handlers>
