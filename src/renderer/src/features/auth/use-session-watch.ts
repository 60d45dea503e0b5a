import { useEffect } from 'react'
import { useSession } from '@/store/session'
import { api } from '@/lib/api'
import { lockThisWindow } from './session-actions'

/** How often a signed-in window asks main whether its session still stands. */
export const SESSION_CHECK_INTERVAL_IN_MILLISECONDS = 30 * 1000

/** At most one activity report per this long; main records "last seen" no more often anyway. */
export const ACTIVITY_REPORT_INTERVAL_IN_MILLISECONDS = 30 * 1000

const activityEvents = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const

/**
 * While signed in: asks main about the session every half minute and when the window comes back
 * into view, so a window left alone shows on its own that it was signed out, and why. The poll
 * does not count as activity in main; a person's keys and pointer do, reported here (throttled),
 * so someone reading at the window is not signed out.
 */
export function useSessionWatch(signedIn: boolean): void {
  useWorkstationKeys(signedIn)
  useEffect(() => {
    if (!signedIn) return
    const check = (): void => {
      // A missed check is simply retried at the next one.
      useSession
        .getState()
        .refresh()
        .catch(() => undefined)
    }
    const checkWhenVisible = (): void => {
      if (document.visibilityState === 'visible') check()
    }
    let lastReportAt = Date.now()
    const reportActivity = (): void => {
      const now = Date.now()
      if (now - lastReportAt < ACTIVITY_REPORT_INTERVAL_IN_MILLISECONDS) return
      lastReportAt = now
      // `api` reacts to an answer that says the session ended; a lost report is simply sent later.
      api.reportActivity({}).catch(() => undefined)
    }
    const timer = window.setInterval(check, SESSION_CHECK_INTERVAL_IN_MILLISECONDS)
    window.addEventListener('focus', check)
    document.addEventListener('visibilitychange', checkWhenVisible)
    for (const name of activityEvents) window.addEventListener(name, reportActivity, { passive: true })
    return () => {
      window.clearInterval(timer)
      window.removeEventListener('focus', check)
      document.removeEventListener('visibilitychange', checkWhenVisible)
      for (const name of activityEvents) window.removeEventListener(name, reportActivity)
    }
  }, [signedIn])
}

/**
 * Ctrl+L (Cmd+L on macOS) locks a signed-in window, as in other desktop apps; main may also
 * tell the window its session changed (File → Lock, the computer locked), and it asks again.
 */
function useWorkstationKeys(signedIn: boolean): void {
  useEffect(() => {
    const offChanged = window.api.on('sessionChanged', () => {
      useSession
        .getState()
        .refresh()
        .catch(() => undefined)
    })
    if (!signedIn) return offChanged
    const onKey = (event: KeyboardEvent): void => {
      if (event.key.toLowerCase() !== 'l' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return
      event.preventDefault()
      void lockThisWindow()
    }
    window.addEventListener('keydown', onKey)
    return () => {
      offChanged()
      window.removeEventListener('keydown', onKey)
    }
  }, [signedIn])
}
