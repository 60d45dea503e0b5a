import { create } from 'zustand'
import type { SessionEndReason, SessionView } from '@shared/views'

interface SessionState {
  /** The window's session as main last reported it; null until the first answer. */
  session: SessionView | null
  /** Why main signed this window out on its own; kept until someone signs in again. */
  endNotice: SessionEndReason | null
  /** Takes any SessionView main answered (getSession, logIn, signUp, logOut, …). */
  apply: (view: SessionView) => void
  /** Asks main again; the answer may say the session ended meanwhile. */
  refresh: () => Promise<void>
}

/** Resets of what a screen kept of one person (console search, notices), run when they leave the window. */
const personalResets: (() => void)[] = []

/**
 * A store that holds anything of the signed-in person registers its reset here: after Lock,
 * Switch user, idle or Log out the next person finds none of it.
 */
export function forgetOnSignOut(reset: () => void): void {
  personalResets.push(reset)
}

/**
 * Who is signed in, as far as this window knows. Main holds the session itself: this is only
 * what the UI shows and routes by, replaced wholesale by each answer.
 */
export const useSession = create<SessionState>()((set, get) => ({
  session: null,
  endNotice: null,
  apply: (view) => {
    const before = get().session?.user?.id ?? null
    if (before !== null && before !== (view.user?.id ?? null)) for (const reset of personalResets) reset()
    set((state) => ({
      session: view,
      // main reports the reason only once, so a later answer without it must not erase it.
      endNotice: view.user ? null : (view.endedBecause ?? state.endNotice)
    }))
  },
  refresh: async () => {
    const result = await window.api.getSession({})
    if (result.ok) get().apply(result.data)
  }
}))

/**
 * Codes that mean this window's idea of the session is stale: ask main again. On
 * `password_change_required` or `two_factor_setup_required` the fresh session says so, and the
 * app shows Change password or the two-factor set-up.
 */
const sessionCodes = new Set([
  'not_signed_in',
  'first_run_pending',
  'first_run_over',
  'password_change_required',
  'two_factor_setup_required',
  // The session was locked (here, by idle time, or the computer): the window shows the Lock screen.
  'session_locked'
])

export function refreshIfSessionChanged(error: { code: string }): void {
  if (sessionCodes.has(error.code))
    useSession
      .getState()
      .refresh()
      .catch(() => undefined)
}
