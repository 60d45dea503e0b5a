import { create } from 'zustand'
import type { SessionEndReason, SessionView } from '@shared/views'

/** How long a session check may take before the window says main is not responding. */
export const SESSION_CHECK_TIMEOUT_IN_MILLISECONDS = 10 * 1000

interface SessionState {
  /** The window's session as main last reported it; null until the first answer. */
  session: SessionView | null
  /** Why main signed this window out on its own; kept until someone signs in again. */
  endNotice: SessionEndReason | null
  /** Main did not answer the last call: the window shows nothing of the session until it does. */
  unreachable: boolean
  /** Takes any SessionView main answered (getSession, logIn, signUp, logOut, …). */
  apply: (view: SessionView) => void
  /** Asks main again; the answer may say the session ended meanwhile. Rejects when main does not answer. */
  refresh: () => Promise<void>
  /** A call to main failed to get any answer, or got one again. */
  setReachable: (reachable: boolean) => void
}

/** Rejects when `promise` has not settled after `milliseconds`: a main process that hangs is as gone as one that stopped. */
function withinTime<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error('main did not answer in time')), milliseconds)
    promise.then(resolve, reject).finally(() => window.clearTimeout(timer))
  })
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
  unreachable: false,
  apply: (view) => {
    const before = get().session?.user?.id ?? null
    if (before !== null && before !== (view.user?.id ?? null)) for (const reset of personalResets) reset()
    set((state) => ({
      session: view,
      unreachable: false,
      // main reports the reason only once, so a later answer without it must not erase it.
      endNotice: view.user ? null : (view.endedBecause ?? state.endNotice)
    }))
  },
  refresh: async () => {
    let result
    try {
      result = await withinTime(window.api.getSession({}), SESSION_CHECK_TIMEOUT_IN_MILLISECONDS)
    } catch (error) {
      get().setReachable(false)
      throw error
    }
    if (result.ok) get().apply(result.data)
    else get().setReachable(true)
  },
  setReachable: (reachable) => {
    if (get().unreachable === reachable) set({ unreachable: !reachable })
  }
}))

/**
 * Codes that mean this window's idea of the session is stale: ask main again. On
 * `password_change_required` or `two_factor_setup_required` the fresh session says so, and the
 * app shows Change password or the two-factor set-up; on `forbidden` the user may no longer be an
 * active administrator. Every call to main goes through `lib/api.ts`, which reads this list: a
 * new session-changing code is one more entry here.
 */
export const SESSION_CHANGING_CODES: ReadonlySet<string> = new Set([
  'not_signed_in',
  'first_run_pending',
  'first_run_over',
  'password_change_required',
  'two_factor_setup_required',
  'forbidden',
  'session_locked',
  'reauthentication_required'
])

export function refreshIfSessionChanged(error: { code: string }): void {
  if (SESSION_CHANGING_CODES.has(error.code))
    useSession
      .getState()
      .refresh()
      .catch(() => undefined)
}
