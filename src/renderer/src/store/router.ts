import { create } from 'zustand'
import { hrefFor, routeFromHash, sameRoute, type Route } from '../lib/routes'

interface RouterState {
  route: Route
  /** Goes to a screen and adds a history entry (Back returns). */
  navigate: (target: Route) => void
  /** Goes to a screen in place of this one (redirects: Back does not land on them again). */
  replace: (target: Route) => void
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
    navigate: (target) => go(target, 'pushState'),
    replace: (target) => go(target, 'replaceState')
  }
})

/**
 * Follows links (`<a href="#/…">`) and the Back/Forward keys into the store. Returns the
 * unsubscribe function.
 */
export function startHashSync(): () => void {
  const follow = (): void => {
    const target = routeFromHash(window.location.hash)
    if (!sameRoute(useRouter.getState().route, target)) useRouter.setState({ route: target })
  }
  window.addEventListener('hashchange', follow)
  window.addEventListener('popstate', follow)
  return () => {
    window.removeEventListener('hashchange', follow)
    window.removeEventListener('popstate', follow)
  }
}
