import { useEffect } from 'react'
import { create } from 'zustand'
import { hrefFor, routeFromHash, sameRoute, type Route } from '../lib/routes'
import { forgetOnSignOut } from './session'

interface RouterState {
  route: Route
  /** Goes to a screen and adds a history entry (Back returns); asks first while a screen holds edits. */
  navigate: (target: Route) => void
  /** Goes to a screen in place of this one (redirects, Lock, Log out: never held). */
  replace: (target: Route) => void
  /** Set by a screen with unsaved edits: leaving it by a link, Back or `navigate` asks first. */
  holding: boolean
  /** Where someone tried to go while the screen held edits; the Unsaved changes dialog asks about it. */
  leaving: Route | null
  /** `Keep editing`: stays, edits kept. */
  stay: () => void
  /** `Discard changes`: goes where they were going. */
  leaveAnyway: () => void
}

/** The one router: which screen the app window shows, mirrored in `location.hash`. */
export const useRouter = create<RouterState>()((set, get) => {
  const go = (target: Route, method: 'pushState' | 'replaceState'): void => {
    if (sameRoute(get().route, target)) return
    window.history[method](null, '', hrefFor(target))
    set({ route: target })
  }
  return {
    route: routeFromHash(window.location.hash),
    navigate: (target) => {
      if (get().holding && !sameRoute(get().route, target)) set({ leaving: target })
      else go(target, 'pushState')
    },
    replace: (target) => go(target, 'replaceState'),
    holding: false,
    leaving: null,
    stay: () => set({ leaving: null }),
    leaveAnyway: () => {
      const target = get().leaving
      set({ holding: false, leaving: null })
      if (target) go(target, 'pushState')
    }
  }
})

// Log out, Lock, Switch user or idle: the person's edits go with them, and nothing waits on them.
forgetOnSignOut(() => useRouter.setState({ holding: false, leaving: null }))

/**
 * While `holding` (a form with unsaved edits), leaving this screen asks first. The hold ends with
 * the screen, so Lock, Log out and redirects, which replace the screen, never wait on it.
 */
export function useHoldOnLeave(holding: boolean): void {
  useEffect(() => {
    useRouter.setState({ holding })
  }, [holding])
  useEffect(() => () => useRouter.setState({ holding: false, leaving: null }), [])
}

/**
 * Follows links (`<a href="#/…">`) and the Back/Forward keys into the store. Returns the
 * unsubscribe function. While a screen holds edits the address goes back to it and the router
 * asks instead.
 */
export function startHashSync(): () => void {
  const follow = (): void => {
    const target = routeFromHash(window.location.hash)
    const { route, holding } = useRouter.getState()
    if (sameRoute(route, target)) return
    if (holding) {
      window.history.replaceState(null, '', hrefFor(route))
      useRouter.setState({ leaving: target })
    } else {
      useRouter.setState({ route: target })
    }
  }
  window.addEventListener('hashchange', follow)
  window.addEventListener('popstate', follow)
  return () => {
    window.removeEventListener('hashchange', follow)
    window.removeEventListener('popstate', follow)
  }
}
