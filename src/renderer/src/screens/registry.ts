import type { ComponentType } from 'react'
import type { ScreenAccess } from '../lib/access'
import type { Route, RouteName } from '../lib/routes'
import { AccountScreen } from './AccountScreen'
import { AccountsScreen } from './AccountsScreen'
import { AuditTrailScreen } from './AuditTrailScreen'
import { ChangePasswordScreen } from './ChangePasswordScreen'
import { CreateAccountScreen } from './CreateAccountScreen'
import { DashboardScreen } from './DashboardScreen'
import { LogInScreen } from './LogInScreen'
import { PasswordChangedScreen } from './PasswordChangedScreen'
import { ResetCompleteScreen } from './ResetCompleteScreen'
import { ResetConfirmScreen } from './ResetConfirmScreen'
import { ResetRequestScreen } from './ResetRequestScreen'
import { SessionsScreen } from './SessionsScreen'
import { SettingsScreen } from './SettingsScreen'
import { SignUpScreen } from './SignUpScreen'
import { TwoFactorScreen } from './TwoFactorScreen'

export interface ScreenEntry {
  access: ScreenAccess
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
  'reset-confirm': { access: 'guest', component: ResetConfirmScreen },
  'reset-complete': { access: 'anyone', component: ResetCompleteScreen },
  accounts: { access: 'admin', component: AccountsScreen },
  account: { access: 'admin', component: AccountScreen },
  'create-account': { access: 'admin', component: CreateAccountScreen },
  'audit-trail': { access: 'admin', component: AuditTrailScreen },
  settings: { access: 'admin', component: SettingsScreen },
  'two-factor': { access: 'user', component: TwoFactorScreen },
  sessions: { access: 'admin', component: SessionsScreen }
} satisfies Record<RouteName, ScreenEntry>
