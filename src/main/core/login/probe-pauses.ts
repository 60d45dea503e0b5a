import type { ProbePauseView } from '../../../shared/admin-views'
import { AttemptFailureRepository } from '../../db/attempt-failures-repository'
import type { Db } from '../../db/database'
import { type ThrottlePauseRepository } from '../../db/throttle-pauses-repository'
import type { UserRecord } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import type { Clock } from '../support/clock'
import { releaseWaiters } from './attempt-throttle'

/** The scopes whose failures are slowed (AttemptThrottle), and how long each counts them. */
export const PROBE_SCOPES = { sign_up: 15 * 60, reset_code: 15 * 60 } as const
export type ProbeScope = keyof typeof PROBE_SCOPES

/** What an administrator sees of the slowed sign-ups and reset codes, and lifts. */
export class ProbePauses {
  private readonly pauses: ThrottlePauseRepository

  constructor(private readonly deps: { db: Db; pauses: ThrottlePauseRepository; clock: Clock; audit: AuditLog }) {
    this.pauses = deps.pauses
  }

  view(): ProbePauseView[] {
    const now = this.deps.clock.now()
    return (Object.keys(PROBE_SCOPES) as ProbeScope[]).map((scope) => {
      const since = now - PROBE_SCOPES[scope] * 1000
      const ahead = this.pauses.ahead(scope, now)
      return {
        scope,
        failures: new AttemptFailureRepository(this.deps.db, scope).count(null, since),
        slowedUntil: ahead.workstationUntil > now ? ahead.workstationUntil : null,
        windowsSlowed: ahead.windows
      }
    })
  }

  /** Forgets every counted failure and turn, and lets go of the answers waiting in this process. */
  lift(admin: UserRecord): ProbePauseView[] {
    this.deps.db
      .transaction(() => {
        for (const scope of Object.keys(PROBE_SCOPES)) {
          new AttemptFailureRepository(this.deps.db, scope).clear()
          this.pauses.clear(scope)
        }
        this.deps.audit.record({
          kind: 'settings_change',
          outcome: 'success',
          actor: { id: admin.id, username: admin.username },
          detail: 'lifted the slowing of sign-ups and reset codes'
        })
      })
      .immediate()
    for (const scope of Object.keys(PROBE_SCOPES)) releaseWaiters(scope)
    return this.view()
  }
}
