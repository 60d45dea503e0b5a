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

/**
 * Where the window's history entry stands, counted by the router: each entry it makes carries its
 * position, so a held Back or Forward can be undone by going the same distance the other way.
 */
let position = 0
/** Set while the window goes back to a held screen's entry: the events on the way are not followed. */
let returning = false

/** The one router: which screen the app window shows, mirrored in `location.hash`. */
export const useRouter = create<RouterState>()((set, get) => {
  const go = (target: Route, method: 'pushState' | 'replaceState'): void => {
    if (sameRoute(get().route, target)) return
    if (method === 'pushState') position += 1
    window.history[method]({ position }, '', hrefFor(target))
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
    stay: () => {
      returning = false
      set({ leaving: null })
    },
    leaveAnyway: () => {
      returning = false
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

/** The position of the entry the window is on, or null for one a link or a typed address just made. */
const entryPosition = (): number | null => {
  const state: unknown = window.history.state
  return typeof state === 'object' && state !== null && 'position' in state ? Number(state.position) : null
}

/**
 * Follows links (`<a href="#/…">`) and the Back/Forward keys into the store. Returns the
 * unsubscribe function. While a screen holds edits the window goes back to its entry (undoing the
 * link's new entry, or the Back or Forward step) and the router asks instead; the events of that
 * return find the route unchanged.
 */
export function startHashSync(): () => void {
  const follow = (): void => {
    const target = routeFromHash(window.location.hash)
    const { route, holding } = useRouter.getState()
    if (sameRoute(route, target)) {
      returning = false
      return
    }
    if (returning) return
    const arrived = entryPosition()
    if (holding) {
      const distance = arrived === null ? -1 : position - arrived
      // An entry the router does not know the distance to (0 would reload): take its place instead.
      if (distance === 0) window.history.replaceState({ position }, '', hrefFor(route))
      else {
        returning = true
        window.history.go(distance)
      }
      useRouter.setState({ leaving: target })
      return
    }
    if (arrived === null) {
      position += 1
      window.history.replaceState({ position }, '', window.location.href)
    } else {
      position = arrived
    }
    useRouter.setState({ route: target })
  }
  // After a reload the entry keeps the position it had.
  position = entryPosition() ?? position
  window.history.replaceState({ position }, '', window.location.href)
  window.addEventListener('hashchange', follow)
  window.addEventListener('popstate', follow)
  return () => {
    window.removeEventListener('hashchange', follow)
    window.removeEventListener('popstate', follow)
  }
}
