import type { UserRecord } from '../db/users-repository'
import type { UserView } from '../../shared/views'

/** The only user shape that crosses IPC: picked field by field so a hash can never slip in. */
export const toUserView = (user: UserRecord): UserView => ({
  id: user.id,
  username: user.username,
  email: user.email,
  isAdmin: user.isAdmin,
  mustChangePassword: user.mustChangePassword,
  passwordManagedByDirectory: user.directoryDn !== null
})
