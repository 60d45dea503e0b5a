import type { Services } from '../services'
import type { Timers } from '../support/timers'

/**
 * The app's own jobs, at start-up and then on their timers: automatic backups (hourly check)
 * and the deactivation of unused accounts (daily). Returns what stops them all.
 */
export function startHousekeeping(services: Services, timers: Timers): () => void {
  const stops = [services.unusedAccounts.start(timers), services.backups.start(timers)]
  return () => {
    for (const stop of stops) stop()
    services.syslog?.close()
  }
}
