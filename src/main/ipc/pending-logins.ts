import type { Clock } from '../core/clock'

/** How long a window may wait between a right password and its second factor. */
export const PENDING_LOGIN_MS = 5 * 60 * 1000

/**
 * Windows whose password was right but whose second factor is still due: the user they are
 * half signed in as, in the main process only, bound to the window. No session exists yet,
 * and another window cannot finish the login.
 */
export class PendingLogins {
  private readonly byWindow = new Map<string, { userId: number; expiresAt: number }>()

  constructor(private readonly clock: Clock) {}

  start(windowId: string, userId: number): void {
    this.byWindow.set(windowId, { userId, expiresAt: this.clock.now() + PENDING_LOGIN_MS })
  }

  /** The user this window is half signed in as, or null (an expired one is forgotten). */
  userId(windowId: string): number | null {
    const pending = this.byWindow.get(windowId)
    if (!pending) return null
    if (pending.expiresAt <= this.clock.now()) {
      this.byWindow.delete(windowId)
      return null
    }
    return pending.userId
  }

  end(windowId: string): void {
    this.byWindow.delete(windowId)
  }
}
