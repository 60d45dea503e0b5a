import { errorMessage } from '../../shared/errors'
import type { ChannelName } from '../../shared/channels'
import type { ApiError } from '../../shared/result'
import type { UserRecord } from '../db/users-repository'
import type { Services } from '../core/services'

/**
 * What an administrator who must set up two-factor authentication may still call. A forced
 * password change (a temporary password) comes first, so changePassword stays open: the two
 * rules must never block each other.
 */
const ALLOWED_BEFORE_SETUP: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'getSession',
  'reportActivity',
  'logOut',
  'changePassword',
  'twoFactorStatus',
  'twoFactorBeginSetup',
  'twoFactorEnable'
])

/**
 * The router's two-factor step: with `twoFactor.requiredForAdmins` on (read at each call, so a
 * changed setting applies at once), an administrator without 2FA gets this error on everything
 * but the set-up, whatever the window asks for.
 */
export function twoFactorSetupBlock(
  services: Services,
  user: UserRecord | null,
  channel: ChannelName
): ApiError | null {
  if (!user || ALLOWED_BEFORE_SETUP.has(channel)) return null
  if (!services.twoFactor.setupRequired(user, services.settings.twoFactor.requiredForAdmins)) return null
  return {
    code: 'two_factor_setup_required',
    message: errorMessage('two_factor_setup_required')
  }
}
