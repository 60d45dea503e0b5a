import { type Db, writeTransaction } from '../../db/database'
import type { UserRecord, UserRepository } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import type { Clock } from '../support/clock'
import type { Directory, DirectoryEntry } from './ldap-client'
import { AppError } from '../support/errors'
import { emailErrors, emailKey, normalizeEmail, usernameErrors, usernameKey } from '../accounts/identity'

export const passwordManagedByDirectory = (): AppError => new AppError('password_managed_by_directory')

export const directoryUnreachable = (): AppError => new AppError('directory_unreachable')

export type DirectoryVerdict = { ok: true; entry: DirectoryEntry } | { ok: false }

/**
 * The local side of directory sign-in: asks the directory, keeps each directory user's shadow
 * account in step with it (email and administrator flag at every login), and audits an outage
 * once, not at every attempt.
 */
export class DirectoryAccounts {
  /** True from the first failed contact until the directory answers again. */
  private inOutage = false

  constructor(
    private readonly deps: { db: Db; users: UserRepository; audit: AuditLog; clock: Clock; directory: Directory }
  ) {}

  /** Which accounts the directory decides for: an unknown name, or a shadow account. */
  decides(user: UserRecord | null): boolean {
    return user === null || user.directoryDn !== null
  }

  /**
   * The directory's verdict on a name and password. Throws `directory_unreachable` when it
   * cannot answer: that is no verdict at all, so it must not count as a wrong password.
   */
  async verify(user: UserRecord | null, typed: string, password: string): Promise<DirectoryVerdict> {
    const outcome = await this.deps.directory.authenticate(user ? user.username : typed, password)
    if (outcome.status === 'unreachable') {
      if (!this.inOutage) {
        this.inOutage = true
        this.deps.audit.record({ kind: 'directory_unreachable', outcome: 'failure', detail: outcome.reason })
      }
      throw directoryUnreachable()
    }
    if (this.inOutage) {
      this.inOutage = false
      this.deps.audit.record({ kind: 'directory_reachable', outcome: 'success' })
    }
    return outcome.status === 'ok' ? { ok: true, entry: outcome.entry } : { ok: false }
  }

  /**
   * Creates or refreshes the shadow account for a directory entry the directory just accepted.
   * Null when it cannot stand for it here: the name belongs to a local account, or breaks the
   * username rules. The reason goes to the audit trail.
   */
  upsertShadow(typed: string, entry: DirectoryEntry): UserRecord | null {
    const { db, users, audit, clock } = this.deps
    return writeTransaction(db, (): UserRecord | null => {
      const existing = users.byDirectoryDn(entry.dn)
      const email = this.usableEmail(entry, existing)
      if (existing) {
        users.update(existing.id, { ...email, isAdmin: entry.isAdmin })
        return users.byId(existing.id)
      }
      const username = typed.normalize('NFKC')
      const refusal = usernameErrors(username).length
        ? 'the directory name breaks the username rules'
        : users.usernameKeyTaken(usernameKey(username)) ||
            users.lookAlikeTaken(usernameKey(username)) ||
            users.emailKeyTaken(emailKey(username))
          ? 'the directory name belongs to a local account'
          : null
      if (refusal) {
        audit.record({
          kind: 'login',
          outcome: 'failure',
          subject: null,
          detail: `directory user not linked: ${refusal}`
        })
        return null
      }
      const fallback = { email: `${username}@directory.invalid`, emailKey: emailKey(`${username}@directory.invalid`) }
      const id = users.insertFromDirectory({
        username,
        usernameKey: usernameKey(username),
        ...(email.email ? (email as { email: string; emailKey: string }) : fallback),
        isAdmin: entry.isAdmin,
        createdAt: clock.now(),
        directoryDn: entry.dn
      })
      audit.record({
        kind: 'directory_account_created',
        outcome: 'success',
        subject: { id, username },
        detail: entry.isAdmin ? 'administrator' : null
      })
      return users.byId(id)
    })
  }

  /** The directory's email when it is valid and nobody else here uses it; else leave it as it is. */
  private usableEmail(entry: DirectoryEntry, existing: UserRecord | null): { email?: string; emailKey?: string } {
    if (!entry.email) return {}
    const email = normalizeEmail(entry.email)
    if (emailErrors(email).length) return {}
    const key = emailKey(email)
    const { users } = this.deps
    if (users.emailKeyTaken(key, existing?.id ?? 0) || users.usernameKeyTaken(usernameKey(email), existing?.id ?? 0)) {
      return {}
    }
    return { email, emailKey: key }
  }
}
