import type { Db } from '../../db/database'
import { UnusedAccountsRepository, type UnusedAccount } from '../../db/unused-accounts-repository'
import type { UserRepository } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import type { SessionStore } from '../sessions/session-store'
import type { Clock } from '../support/clock'
import { isUsableAdmin, localDate } from './expiry'
import { DAY_IN_MILLISECONDS, type Timers } from '../support/timers'

interface UnusedAccountsDeps {
  db: Db
  clock: Clock
  users: UserRepository
  sessions: SessionStore
  audit: AuditLog
  /** The live settings object: a value saved on the Settings screen counts from the next run. */
  settings: { accounts: { deactivateAfterDaysUnused: number | null } }
  warn: (message: string) => void
}

/** What a proposed number of days would deactivate now, for the Settings screen before it saves. */
export interface UnusedReport {
  count: number
  /** The first few names, oldest use first. */
  usernames: string[]
}

const REPORT_NAMES = 20

/**
 * `accounts.deactivateAfterDaysUnused`: at start-up and daily, active accounts with no login (or,
 * never used, no sign-up) for that many days are deactivated, each audited. The last active
 * administrator is never among them: of administrators who would all go, the most recently used stays.
 */
export class UnusedAccounts {
  private readonly repository: UnusedAccountsRepository

  constructor(private readonly deps: UnusedAccountsDeps) {
    this.repository = new UnusedAccountsRepository(deps.db)
  }

  report(days: number): UnusedReport {
    const found = this.candidates(days)
    return { count: found.length, usernames: found.slice(0, REPORT_NAMES).map((account) => account.username) }
  }

  /** Deactivates what the setting says is unused now; returns their names. */
  run(): string[] {
    const days = this.deps.settings.accounts.deactivateAfterDaysUnused
    if (days === null) return []
    const { db, users, sessions, audit } = this.deps
    return db
      .transaction(() =>
        this.candidates(days).map((account) => {
          users.update(account.id, { isActive: false })
          sessions.deleteAllForUser(account.id)
          audit.record({
            kind: 'account_deactivated_unused',
            outcome: 'success',
            subject: { id: account.id, username: account.username },
            detail: `unused for ${days} days (last used ${new Date(account.lastUsedAt).toISOString()})`
          })
          return account.username
        })
      )
      .immediate()
  }

  start(timers: Timers): () => void {
    const run = (): void => {
      try {
        this.run()
      } catch (error) {
        this.deps.warn(`Deactivating unused accounts failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
    run()
    return timers.every(DAY_IN_MILLISECONDS, run)
  }

  /** An expired administrator is no administrator: only one who can sign in is kept. */
  private candidates(days: number): UnusedAccount[] {
    const now = this.deps.clock.now()
    const found = this.repository.unusedSince(now - days * DAY_IN_MILLISECONDS)
    const admins = found.filter((account) => isUsableAdmin(account, now))
    if (admins.length === 0 || admins.length < this.deps.users.countUsableAdmins(localDate(now))) return found
    const keep = admins[admins.length - 1]
    return found.filter((account) => account !== keep)
  }
}
