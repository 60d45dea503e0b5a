import type { SessionEndReason } from '../../shared/views'
import { WindowNotes } from '../core/support/window-notes'

/**
 * What a host must know of each window, in memory only (window ids belong to this process):
 * the session it is bound to and, once that ends, why. The per-window steps of signing in (a
 * pending second factor, a reset flow) are core's, kept under the same window id.
 * `forget` is the one place a closed window's binding goes.
 */
export class WindowRegistry {
  /** The session token per window. The renderer never holds it: a window is signed in because it is here. */
  private readonly tokens = new Map<string, string>()
  /**
   * Why a window's session ended, told once by getSession. Noted already while the token is
   * still bound when this process ended the session (a password change elsewhere), because the
   * session check then only finds the row gone and would say `revoked`. Bounded, oldest first.
   */
  private readonly endReasons = new WindowNotes<SessionEndReason>()

  token(windowId: string): string | null {
    return this.tokens.get(windowId) ?? null
  }

  bind(windowId: string, token: string): void {
    this.tokens.set(windowId, token)
    this.endReasons.forget(windowId)
  }

  /** Forgets the window's session; a reason is kept once so the UI can say why. */
  unbind(windowId: string, reason?: SessionEndReason): void {
    this.tokens.delete(windowId)
    if (reason) this.endReasons.set(windowId, reason)
    else this.endReasons.forget(windowId)
  }

  /** The session check found the window's session ended; a reason noted when it was ended here wins over `revoked`. */
  sessionGone(windowId: string, reason: SessionEndReason): void {
    const noted = this.endReasons.get(windowId)
    this.unbind(windowId, reason === 'revoked' && noted ? noted : reason)
  }

  /** Sessions this process ended (by id): their windows will be told why once they next call. */
  sessionsEnded(sessionIds: readonly string[], reason: SessionEndReason): void {
    const ended = new Set(sessionIds)
    for (const [windowId, token] of this.tokens) {
      if (ended.has(token.split('.')[0])) this.endReasons.set(windowId, reason)
    }
  }

  /** The reason the window's session ended on its own, reported once. */
  takeEndReason(windowId: string): SessionEndReason | null {
    if (this.tokens.has(windowId)) return null
    const reason = this.endReasons.get(windowId)
    this.endReasons.forget(windowId)
    return reason
  }

  /** A window closed: its binding goes. Returns its session token for the caller to end. */
  forget(windowId: string): string | null {
    const token = this.token(windowId)
    this.tokens.delete(windowId)
    this.endReasons.forget(windowId)
    return token
  }
}
