import type { Handlers } from '../router'

/** Password reset by emailed code. Neither answer carries the code, its hash or any account detail. */
export const resetHandlers = {
  requestPasswordReset: async ({ services, input, caller }) => {
    await services.resetCodes.request(input.email, caller.windowId)
    return { accepted: true }
  },

  confirmPasswordReset: async ({ services, input, caller, user, windows }) => {
    const changed = await services.resetCodes.confirm(input, caller.windowId)
    // The reset ended every session of that user; this window forgets it quietly (no "signed out" notice).
    if (user?.id === changed.id) windows.unbind(caller.windowId)
    return { reset: true }
  }
} satisfies Partial<Handlers>
