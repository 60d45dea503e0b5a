import type { ComponentType } from 'react'
import type { Access } from '../lib/access'
import type { Route, RouteName } from '../lib/routes'
import { AccountsScreen } from './AccountsScreen'
import { ChangePasswordScreen } from './ChangePasswordScreen'
import { DashboardScreen } from './DashboardScreen'
import { LogInScreen } from './LogInScreen'
import { PasswordChangedScreen } from './PasswordChangedScreen'
import { ResetRequestScreen } from './ResetRequestScreen'
import { SignUpScreen } from './SignUpScreen'

export interface ScreenEntry {
  access: Access
  component: ComponentType<{ route: Route }>
}

/**
 * Route name → screen. A new screen: add its name to ROUTE_NAMES (lib/routes.ts), its
 * component under screens/, and a line here; the type checker insists on all three.
 */
export const screens = {
  dashboard: { access: 'anyone', component: DashboardScreen },
  'sign-up': { access: 'guest', component: SignUpScreen },
  'log-in': { access: 'guest', component: LogInScreen },
  'change-password': { access: 'user', component: ChangePasswordScreen },
  'password-changed': { access: 'user', component: PasswordChangedScreen },
  'reset-request': { access: 'guest', component: ResetRequestScreen },
  accounts: { access: 'admin', component: AccountsScreen }
} satisfies Record<RouteName, ScreenEntry>
