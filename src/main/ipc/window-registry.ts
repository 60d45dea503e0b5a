import type { SessionEndReason } from '../../shared/views'
import type { Clock } from '../core/support/clock'
import type { ResetFlow } from '../core/reset/reset-codes'

/** How long a window may wait between a right password and its second factor. */
export const PENDING_LOGIN_MS = 5 * 60 * 1000

/**
 * At most this many windows carry an end reason, and at most this many a reset flow; past it
 * the oldest note goes first, so windows that never come back cannot grow main's memory.
 */
export const MAX_REMEMBERED_PER_KIND = 10_000

interface WindowEntry {
  /** The session token. The renderer never holds it: a window is signed in because it is here. */
  token: string | null
  /**
   * Why the window's session ended, told once by getSession. Noted already while `token` is
   * still set when this process ended the session (a password change elsewhere), because the
   * session check then only finds the row gone and would say `revoked`.
   */
  endedBecause: SessionEndReason | null
  /** Right password, second factor still due: no session exists yet, and only this window may finish. */
  pendingLogin: { userId: number; expiresAt: number } | null
  /** The account this window last asked a reset code for; core counts its wrong codes against it. */
  resetFlow: ResetFlow | null
}

/**
 * Everything the main process remembers per window, in memory only (window ids belong to this
 * process; what must survive or be shared is in the database). `forget` is the one place a
 * closed window's state goes.
 */
export class WindowRegistry {
  private readonly entries = new Map<string, WindowEntry>()
  private readonly endReasonOrder = new OldestFirst(MAX_REMEMBERED_PER_KIND)
  private readonly resetFlowOrder = new OldestFirst(MAX_REMEMBERED_PER_KIND)

  constructor(private readonly clock: Clock) {}

  token(windowId: string): string | null {
    return this.entries.get(windowId)?.token ?? null
  }

  bind(windowId: string, token: string): void {
    const entry = this.entry(windowId)
    entry.token = token
    this.setEndReason(windowId, entry, null)
  }

  /** Forgets the window's session; a reason is kept once so the UI can say why. */
  unbind(windowId: string, reason?: SessionEndReason): void {
    const entry = this.entries.get(windowId)
    if (!entry && !reason) return
    const bound = entry ?? this.entry(windowId)
    bound.token = null
    this.setEndReason(windowId, bound, reason ?? null)
  }

  /** The session check found the window's session ended; a reason noted when it was ended here wins over `revoked`. */
  sessionGone(windowId: string, reason: SessionEndReason): void {
    const noted = this.entries.get(windowId)?.endedBecause ?? null
    this.unbind(windowId, reason === 'revoked' && noted ? noted : reason)
  }

  /** Sessions this process ended (by id): their windows will be told why once they next call. */
  sessionsEnded(sessionIds: readonly string[], reason: SessionEndReason): void {
    const ended = new Set(sessionIds)
    for (const [windowId, entry] of this.entries) {
      if (entry.token !== null && ended.has(entry.token.split('.')[0])) this.setEndReason(windowId, entry, reason)
    }
  }

  /** The reason the window's session ended on its own, reported once. */
  takeEndReason(windowId: string): SessionEndReason | null {
    const entry = this.entries.get(windowId)
    if (!entry || entry.token !== null) return null
    const reason = entry.endedBecause
    this.setEndReason(windowId, entry, null)
    return reason
  }

  startPendingLogin(windowId: string, userId: number): void {
    this.entry(windowId).pendingLogin = { userId, expiresAt: this.clock.now() + PENDING_LOGIN_MS }
  }

  /** The user this window is half signed in as, or null (an expired one is forgotten). */
  pendingLoginUserId(windowId: string): number | null {
    const entry = this.entries.get(windowId)
    const pending = entry?.pendingLogin
    if (!entry || !pending) return null
    if (pending.expiresAt <= this.clock.now()) {
      this.endPendingLogin(windowId)
      return null
    }
    return pending.userId
  }

  endPendingLogin(windowId: string): void {
    const entry = this.entries.get(windowId)
    if (!entry) return
    entry.pendingLogin = null
    this.tidy(windowId, entry)
  }

  resetFlow(windowId: string): ResetFlow | null {
    return this.entries.get(windowId)?.resetFlow ?? null
  }

  startResetFlow(windowId: string, flow: ResetFlow): void {
    this.entry(windowId).resetFlow = flow
    const pushedOut = this.resetFlowOrder.add(windowId)
    if (pushedOut !== null) this.endResetFlow(pushedOut)
  }

  endResetFlow(windowId: string): void {
    const entry = this.entries.get(windowId)
    this.resetFlowOrder.delete(windowId)
    if (!entry) return
    entry.resetFlow = null
    this.tidy(windowId, entry)
  }

  /** A window closed: everything about it goes. Returns its session token for the caller to end. */
  forget(windowId: string): string | null {
    const token = this.token(windowId)
    this.entries.delete(windowId)
    this.endReasonOrder.delete(windowId)
    this.resetFlowOrder.delete(windowId)
    return token
  }

  private entry(windowId: string): WindowEntry {
    let entry = this.entries.get(windowId)
    if (!entry) {
      entry = { token: null, endedBecause: null, pendingLogin: null, resetFlow: null }
      this.entries.set(windowId, entry)
    }
    return entry
  }

  private setEndReason(windowId: string, entry: WindowEntry, reason: SessionEndReason | null): void {
    entry.endedBecause = reason
    if (reason === null) {
      this.endReasonOrder.delete(windowId)
      this.tidy(windowId, entry)
      return
    }
    const pushedOut = this.endReasonOrder.add(windowId)
    const oldest = pushedOut === null ? undefined : this.entries.get(pushedOut)
    if (pushedOut !== null && oldest) this.setEndReason(pushedOut, oldest, null)
  }

  /** An entry with nothing left in it goes, so guests that only looked cost nothing. */
  private tidy(windowId: string, entry: WindowEntry): void {
    if (
      entry.token === null &&
      entry.endedBecause === null &&
      entry.pendingLogin === null &&
      entry.resetFlow === null
    ) {
      this.entries.delete(windowId)
    }
  }
}

/** The windows holding one kind of note, oldest first, so the oldest can go past the bound. */
class OldestFirst {
  private readonly ids = new Set<string>()

  constructor(private readonly max: number) {}

  /** Marks `id` the newest; returns the id pushed out past the bound, if any. */
  add(id: string): string | null {
    this.ids.delete(id)
    this.ids.add(id)
    if (this.ids.size <= this.max) return null
    const oldest = this.ids.values().next().value as string
    this.ids.delete(oldest)
    return oldest
  }

  delete(id: string): void {
    this.ids.delete(id)
  }
}
