/** Injected so the daily and hourly jobs are started and stopped by the host, and tests run them by hand. */
export interface Timers {
  /** Calls `job` every `milliseconds` until the returned function is called. */
  every(milliseconds: number, job: () => void): () => void
}

/** Real timers that never keep a process (a CLI, a test) alive on their own. */
export const systemTimers: Timers = {
  every(milliseconds, job) {
    const timer = setInterval(job, milliseconds)
    timer.unref()
    return () => clearInterval(timer)
  }
}

export const HOUR_IN_MILLISECONDS = 60 * 60 * 1000
export const DAY_IN_MILLISECONDS = 24 * HOUR_IN_MILLISECONDS
