import type { UserRecord } from '../../db/users'
import type { Handlers } from '../router'

/**
 * The Accounts console and the audit trail. The router lets these run only for an active
 * administrator, checked at the moment of the call, so `user` is that administrator.
 */
export const adminHandlers = {
  adminListAccounts: ({ services, input }) => services.admin.list(input),

  adminGetAccount: ({ services, input }) => services.admin.get(input.id),

  adminCreateAccount: ({ services, input, user }) => services.admin.create(user as UserRecord, input),

  adminUpdateAccount: ({ services, input, user }) => services.admin.update(user as UserRecord, input),

  adminUnlockAccount: ({ services, input, user }) => services.admin.unlock(user as UserRecord, input.id),

  adminSendResetCode: async ({ services, input, user }) => {
    await services.admin.sendResetCode(user as UserRecord, input.id)
    return { accepted: true }
  },

  adminSetTemporaryPassword: ({ services, input, user }) =>
    services.admin.setTemporaryPassword(user as UserRecord, input),

  adminDeleteAccount: ({ services, input, user }) => {
    services.admin.delete(user as UserRecord, input)
    return { deleted: true }
  },

  adminListAudit: ({ services, input }) => services.audit.list(input)
} satisfies Partial<Handlers>
