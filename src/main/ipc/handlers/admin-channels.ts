import type { Handlers } from '../router'

/**
 * The Accounts console and the audit trail. The router lets these run only for an active
 * administrator, checked at the moment of the call, so `user` is that administrator.
 */
export const adminHandlers = {
  adminListAccounts: ({ services, input }) => services.admin.list(input),

  adminGetAccount: ({ services, input }) => services.admin.get(input.id),

  adminCreateAccount: ({ services, input, user }) => services.admin.create(user, input),

  adminUpdateAccount: ({ services, input, user }) => services.admin.update(user, input),

  adminUnlockAccount: ({ services, input, user }) => services.admin.unlock(user, input.id),

  adminSendResetCode: async ({ services, input, user }) => {
    await services.admin.sendResetCode(user, input.id)
    return { accepted: true }
  },

  adminSetTemporaryPassword: ({ services, input, user }) => services.admin.setTemporaryPassword(user, input),

  adminDeleteAccount: ({ services, input, user }) => {
    services.admin.delete(user, input)
    return { deleted: true }
  },

  adminListAudit: ({ services, input }) => services.audit.list(input)
} satisfies Partial<Handlers>
