import type { SessionEndReason } from '../../shared/views'

/**
 * The main process's map from window to session token. The renderer never holds the token: a
 * window is signed in because it is in this map.
 */
export class WindowSessions {
  private readonly tokens = new Map<string, string>()
  private readonly endedBecause = new Map<string, SessionEndReason>()

  token(windowId: string): string | null {
    return this.tokens.get(windowId) ?? null
  }

  bind(windowId: string, token: string): void {
    this.tokens.set(windowId, token)
    this.endedBecause.delete(windowId)
  }

  /** Forgets the window's session; a reason is kept once so the UI can say why. */
  unbind(windowId: string, reason?: SessionEndReason): void {
    this.tokens.delete(windowId)
    if (reason) this.endedBecause.set(windowId, reason)
    else this.endedBecause.delete(windowId)
  }

  /** The reason the window's session ended on its own, reported once. */
  takeEndReason(windowId: string): SessionEndReason | null {
    const reason = this.endedBecause.get(windowId) ?? null
    this.endedBecause.delete(windowId)
    return reason
  }

  /** Every window bound to one of `tokens`; used when sessions end elsewhere. */
  windowsWith(predicate: (token: string) => boolean): string[] {
    return [...this.tokens].filter(([, token]) => predicate(token)).map(([windowId]) => windowId)
  }
}
