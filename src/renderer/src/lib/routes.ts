/**
 * Every screen the app window can show, by name. A route is a name plus string parameters and
 * lives in `location.hash` (`#/log-in?next=change-password`), so a reload keeps the screen.
 */
export const ROUTE_NAMES = [
  'dashboard',
  'sign-up',
  'log-in',
  'change-password',
  'password-changed',
  'reset-request',
  'reset-confirm',
  'reset-complete',
  'accounts',
  'account',
  'create-account',
  'audit-trail',
  'settings',
  'two-factor',
  'sessions'
] as const

export type RouteName = (typeof ROUTE_NAMES)[number]

export interface Route {
  name: RouteName
  params: Readonly<Record<string, string>>
}

export const DASHBOARD: Route = { name: 'dashboard', params: {} }

export const route = (name: RouteName, params: Record<string, string> = {}): Route => ({ name, params })

const isRouteName = (value: string): value is RouteName => (ROUTE_NAMES as readonly string[]).includes(value)

/** `change-password` or `log-in?next=change-password`; the inverse of `parseRoutePath`. */
export function formatRoutePath(target: Route): string {
  const query = new URLSearchParams(target.params).toString()
  return query ? `${target.name}?${query}` : target.name
}

/** Anything unknown or malformed is the Dashboard: a stale bookmark never shows a blank window. */
export function parseRoutePath(path: string): Route {
  const [name, query = ''] = path.replace(/^\/+/, '').split('?', 2)
  if (!isRouteName(name)) return DASHBOARD
  return { name, params: Object.fromEntries(new URLSearchParams(query)) }
}

export const hrefFor = (target: Route): string => `#/${formatRoutePath(target)}`

export const routeFromHash = (hash: string): Route => parseRoutePath(hash.replace(/^#/, ''))

export const sameRoute = (a: Route, b: Route): boolean => formatRoutePath(a) === formatRoutePath(b)

/** Log in, then come back to `target`. */
export const logInThenReturnTo = (target: Route): Route =>
  sameRoute(target, DASHBOARD) ? route('log-in') : route('log-in', { next: formatRoutePath(target) })

/** Where Log in goes on success: its `next`, never back to Log in itself. */
export function afterLogIn(logIn: Route): Route {
  const next = logIn.params.next
  if (!next) return DASHBOARD
  const target = parseRoutePath(next)
  return target.name === 'log-in' ? DASHBOARD : target
}
