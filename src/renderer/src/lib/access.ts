import type { UserView } from '@shared/views'
import { afterLogIn, DASHBOARD, logInThenReturnTo, type Route } from './routes'

/**
 * Who may see a screen. The window's view only: main checks the role again on every call.
 * - `anyone`: signed in or not;
 * - `guest`: only while signed out (Log in, Sign up); a signed-in user moves on;
 * - `user`: needs a signed-in user, else Log in first and back here after;
 * - `admin`: needs a signed-in administrator.
 */
export type ScreenAccess = 'anyone' | 'guest' | 'user' | 'admin'

/** Where to go instead of `target`, or null when it may be shown. */
export function redirectFor(target: Route, access: ScreenAccess, user: UserView | null): Route | null {
  switch (access) {
    case 'anyone':
      return null
    case 'guest':
      if (!user) return null
      return target.name === 'log-in' ? afterLogIn(target) : DASHBOARD
    case 'user':
      return user ? null : logInThenReturnTo(target)
    case 'admin':
      if (!user) return logInThenReturnTo(target)
      return user.isAdmin ? null : DASHBOARD
  }
}
