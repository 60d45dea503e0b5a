import type { AuditKind } from '../../../shared/audit-kinds'
import type { AccountDetail, AccountPage, AdministratorCount } from '../../../shared/admin-views'
import type { AccountList, AccountListQuery } from '../../db/account-list-repository'
import { type Db, writeTransaction } from '../../db/database'
import { searchWords } from '../../db/search-fold'
import { deleteUnusedResetCodes } from '../../db/reset-codes-repository'
import type { UserRecord, UserRepository } from '../../db/users-repository'
import type { Accounts } from '../accounts/accounts'
import type { NewAccountInput, NewAccounts } from '../accounts/new-accounts'
import type { AuditLog } from '../audit/audit-log'
import type { Clock } from '../support/clock'
import { passwordManagedByDirectory } from '../directory/directory-accounts'
import { AppError, FieldErrors, fieldError } from '../support/errors'
import { emailKey, normalizeEmail, usernameKey } from '../accounts/identity'
import { checkedExpiry, isExpired, isUsableAdmin, localDate } from './expiry'
import type { Lockout } from '../login/lockout'
import type { PasswordHasher } from '../passwords/hasher'
import type { SessionStore } from '../sessions/session-store'
import type { PasswordPolicy } from '../passwords/policy'

/** What the console needs from the reset-code service: mail one code to this user. */
interface ResetCodeSender {
  issueForUser(user: UserRecord): Promise<void>
}

interface AdminAccountsDeps {
  db: Db
  clock: Clock
  users: UserRepository
  list: AccountList
  accounts: Accounts
  newAccounts: NewAccounts
  hasher: PasswordHasher
  policy: PasswordPolicy
  sessions: SessionStore
  lockout: Lockout
  audit: AuditLog
  resetCodes: ResetCodeSender
}

export interface AccountSearch extends Omit<AccountListQuery, 'words' | 'show'> {
  search: string
  show?: AccountListQuery['show']
}

interface AccountChanges {
  id: number
  email?: string
  isAdmin?: boolean
  isActive?: boolean
  /** Account expires: 'YYYY-MM-DD', or null / '' for never. */
  expiresOn?: string | null
}

/**
 * The Accounts console's actions. The router has already checked that `admin` is an active
 * administrator at this call; here live the rules on top of that (last administrator, own
 * role), and every action is written to the audit trail with the administrator as actor.
 */
export class AdminAccounts {
  constructor(private readonly deps: AdminAccountsDeps) {}

  list(query: AccountSearch): AccountPage {
    const { search, show = 'all', ...page } = query
    return this.deps.list.page({ ...page, show, words: searchWords(search) }, this.deps.clock.now())
  }

  /** Whom `Require two-factor authentication for administrators` affects: active administrators, and those without it. */
  administratorCount(): AdministratorCount {
    return this.deps.users.countActiveAdminsByTwoFactor()
  }

  get(id: number): AccountDetail {
    const detail = this.deps.list.detail(id, this.deps.clock.now())
    if (!detail) throw notFound()
    return detail
  }

  /** Validated like sign-up; the new account does not get signed in anywhere. */
  async create(
    admin: UserRecord,
    input: NewAccountInput & { isAdmin: boolean; mustChangePassword?: boolean; expiresOn?: string | null }
  ): Promise<AccountDetail> {
    // Checked before the account exists, so a bad date makes no account.
    const expiresOn = checkedExpiry(input.expiresOn ?? null)
    const user = await this.deps.newAccounts.createByAdmin(admin, input)
    return expiresOn === null ? this.get(user.id) : this.update(admin, { id: user.id, expiresOn })
  }

  update(admin: UserRecord, changes: AccountChanges): AccountDetail {
    const { db, users, sessions } = this.deps
    writeTransaction(db, () => {
      const target = this.target(changes.id)
      const email = changes.email === undefined ? undefined : this.checkedEmail(target, changes.email)
      const makeAdmin =
        changes.isAdmin === undefined || changes.isAdmin === target.isAdmin ? undefined : changes.isAdmin
      const activate =
        changes.isActive === undefined || changes.isActive === target.isActive ? undefined : changes.isActive
      const expiry = changes.expiresOn === undefined ? undefined : checkedExpiry(changes.expiresOn)
      const expiresOn = expiry === target.expiresOn ? undefined : expiry
      const expiresNow = expiresOn != null && isExpired({ expiresOn }, this.deps.clock.now())
      if (target.directoryDn !== null) refuseDirectoryOwned({ email, isAdmin: makeAdmin })
      if (makeAdmin === false && target.id === admin.id) throw ownAdminRole()
      if (makeAdmin === false || activate === false || expiresNow) this.refuseIfLastAdmin(target)

      users.update(target.id, {
        isAdmin: makeAdmin,
        isActive: activate,
        expiresOn,
        ...(email === undefined ? {} : { email, emailKey: emailKey(email) })
      })
      // A code mailed to the old address must not open the account (as Django's reset tokens).
      if (email !== undefined) deleteUnusedResetCodes(this.deps.db, target.id)
      if (activate === false || expiresNow) sessions.deleteAllForUser(target.id)
      this.recordChanges(admin, target, { email, makeAdmin, activate })
      if (expiresOn !== undefined) this.record(admin, target, 'admin_set_expiry', expiryDetail(expiresOn))
    })
    return this.get(changes.id)
  }

  /** One event per kind of change, so the audit trail can be filtered by what was done. */
  private recordChanges(
    admin: UserRecord,
    target: UserRecord,
    { email, makeAdmin, activate }: { email?: string; makeAdmin?: boolean; activate?: boolean }
  ): void {
    if (email !== undefined)
      this.record(admin, target, 'admin_update', `email changed from ${target.email} to ${email}`)
    if (makeAdmin !== undefined) this.record(admin, target, makeAdmin ? 'admin_grant_admin' : 'admin_revoke_admin')
    if (activate !== undefined) this.record(admin, target, activate ? 'admin_reactivate' : 'admin_deactivate')
  }

  unlock(admin: UserRecord, id: number): AccountDetail {
    writeTransaction(this.deps.db, () => {
      const target = this.target(id)
      this.deps.lockout.clear(usernameKey(target.username))
      this.record(admin, target, 'admin_unlock')
    })
    return this.get(id)
  }

  /** The password works once: the user must choose a new one at the next login. */
  async setTemporaryPassword(
    admin: UserRecord,
    input: { id: number; password: string; passwordConfirmation: string }
  ): Promise<AccountDetail> {
    const { db, hasher, policy, accounts } = this.deps
    // One's own password is changed on Change password, with the old one, like anyone's.
    if (input.id === admin.id) throw new AppError('own_account_elsewhere')
    const target = this.target(input.id)
    if (target.directoryDn !== null) throw passwordManagedByDirectory()
    const errors = new FieldErrors()
    policy.addNewPasswordErrors(errors, input, ['password', 'passwordConfirmation'], target)
    errors.throwIfAny()
    const hash = await hasher.hash(input.password)
    writeTransaction(db, () => {
      // Looked up again: the account may have gone while the hash was computed.
      const current = this.target(input.id)
      accounts.setPassword(current.id, hash, { mustChange: true })
      this.record(admin, current, 'admin_set_temporary_password')
    })
    return this.get(input.id)
  }

  /** Needs the account's username typed again (any case), so a slip of the mouse deletes nothing. */
  delete(admin: UserRecord, input: { id: number; confirmUsername: string }): void {
    const { db, users, lockout } = this.deps
    writeTransaction(db, () => {
      const target = this.target(input.id)
      if (usernameKey(input.confirmUsername.trim()) !== usernameKey(target.username)) {
        const errors = new FieldErrors()
        errors.add('confirmUsername', fieldError('confirmation_mismatch', { username: target.username }))
        errors.throwIfAny()
      }
      this.refuseIfLastAdmin(target)
      // Sessions and reset codes go with the row (ON DELETE CASCADE); a later account of the
      // same name must not inherit this one's failed-login count.
      users.delete(target.id)
      lockout.clear(usernameKey(target.username))
      this.record(admin, target, 'admin_delete', `email was ${target.email}`)
    })
  }

  /**
   * Mails the user a fresh reset code and waits for the delivery; the reset-code service
   * refuses a deactivated account (`account_inactive`) and reports mail that did not leave.
   */
  async sendResetCode(admin: UserRecord, id: number): Promise<void> {
    const target = this.target(id)
    if (target.directoryDn !== null) throw passwordManagedByDirectory()
    await this.deps.resetCodes.issueForUser(target)
    this.record(admin, target, 'admin_send_reset_code', `sent to ${target.email}`)
  }

  private target(id: number): UserRecord {
    const user = this.deps.users.byId(id)
    if (!user) throw notFound()
    return user
  }

  /** The normalised new address, or undefined when it is the same as now; throws field errors. */
  private checkedEmail(target: UserRecord, raw: string): string | undefined {
    const email = normalizeEmail(raw)
    if (email === target.email) return undefined
    const errors = new FieldErrors()
    errors.add('email', this.deps.newAccounts.emailProblems(email, target.id))
    errors.throwIfAny()
    return email
  }

  /**
   * Call inside the transaction that removes the role, so two admins cannot demote each other at
   * once. Only an administrator who can sign in today counts: an expired one is none.
   */
  private refuseIfLastAdmin(target: UserRecord): void {
    const now = this.deps.clock.now()
    if (isUsableAdmin(target, now) && this.deps.users.countUsableAdmins(localDate(now)) <= 1) {
      throw new AppError('last_admin', { params: { username: target.username } })
    }
  }

  private record(admin: UserRecord, target: UserRecord, kind: AuditKind, detail: string | null = null): void {
    this.deps.audit.record({
      kind,
      outcome: 'success',
      actor: { id: admin.id, username: admin.username },
      subject: { id: target.id, username: target.username },
      detail
    })
  }
}

/** The directory owns a shadow account's email and administrator flag; deactivating stays local. */
function refuseDirectoryOwned(changes: { email?: string; isAdmin?: boolean }): void {
  const errors = new FieldErrors()
  const owned = fieldError('directory_managed')
  if (changes.email !== undefined) errors.add('email', owned)
  if (changes.isAdmin !== undefined) errors.add('isAdmin', owned)
  errors.throwIfAny()
}

export const notFound = (): AppError => new AppError('not_found')

const ownAdminRole = (): AppError => new AppError('own_admin_role')

const expiryDetail = (expiresOn: string | null): string =>
  expiresOn === null ? 'expires never' : `expires ${expiresOn}`
