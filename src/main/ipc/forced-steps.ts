import { errorMessage } from '../../shared/errors'
import type { ChannelName } from '../../shared/channels'
import { contract, type Access } from '../../shared/contract'
import type { SessionRecord } from '../core/sessions/session-store'
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
  'twoFactorEnable',
  'reauthenticate',
  'lockSession'
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

/**
 * The router's lock step: a locked session answers every `user` and `admin` channel with
 * `session_locked`, whatever the window asks, until its owner's password unlocks it. `app`
 * channels (getSession, unlockSession, switchUser, Log in) see a guest window instead.
 */
export function sessionLockBlock(session: SessionRecord | null, access: Access): ApiError | null {
  if (session?.lockedAt == null || (access !== 'user' && access !== 'admin')) return null
  return { code: 'session_locked', message: errorMessage('session_locked') }
}

/**
 * Confirm it's you: a channel the contract marks `requiresReauthentication` runs only when the
 * password was given again in this session within the last minutes (forgotten at Lock).
 */
export function reauthenticationBlock(
  services: Services,
  session: SessionRecord | null,
  channel: ChannelName,
  input: unknown
): ApiError | null {
  const rule = (contract[channel] as { requiresReauthentication?: boolean | ((input: unknown) => boolean) })
    .requiresReauthentication
  const required = typeof rule === 'function' ? rule(input) : rule === true
  if (!required || !session || services.reauthentication.isFresh(session)) return null
  return { code: 'reauthentication_required', message: errorMessage('reauthentication_required') }
}
