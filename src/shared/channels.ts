/**
 * Every channel's name, once. The contract (`contract.ts`) must define exactly these, which
 * the type checker enforces; the preload and the browser shim derive their surface from this
 * list alone, so they never need zod or the schemas.
 */
export const CHANNEL_NAMES = [
  'getSession',
  'reportActivity',
  'getPasswordRules',
  'signUp',
  'createFirstAdmin',
  'logIn',
  'logOut',
  'changePassword',
  'requestPasswordReset',
  'confirmPasswordReset',
  'adminListAccounts',
  'adminGetAccount',
  'adminCreateAccount',
  'adminUpdateAccount',
  'adminUnlockAccount',
  'adminSendResetCode',
  'adminSetTemporaryPassword',
  'adminDeleteAccount',
  'adminListAudit',
  'mailLogList',
  'adminGetSettings',
  'adminSaveSettings',
  'adminMeasureHashing',
  'adminSendTestEmail',
  'adminGetProbePauses',
  'adminLiftProbePauses',
  'twoFactorStatus',
  'twoFactorBeginSetup',
  'twoFactorEnable',
  'twoFactorDisable',
  'twoFactorNewRecoveryCodes',
  'twoFactorVerifyLogIn',
  'twoFactorVerifyRecoveryCode',
  'twoFactorCancelLogIn',
  'adminDisableTwoFactor',
  'lockSession',
  'switchUser',
  'unlockSession',
  'reauthenticate',
  'adminListSessions',
  'adminEndSession',
  'adminPreviewUnusedAccounts',
  'adminCountAdministrators',
  'adminListBackups',
  'adminBackUpNow',
  'adminExportAccountsPage',
  'adminExportAuditPage',
  'adminExportAccountsToFile',
  'adminExportAuditToFile'
] as const

export type ChannelName = (typeof CHANNEL_NAMES)[number]

/** Events the main process pushes to a window (no payload secrets; the window re-fetches). */
export const EVENT_NAMES = ['mailLogChanged', 'sessionChanged'] as const
export type EventName = (typeof EVENT_NAMES)[number]

/** The IPC channel string for a contract name; one prefix so nothing else can collide. */
export const ipcChannel = (name: ChannelName): string => `local-accounts:${name}`
export const ipcEvent = (name: EventName): string => `local-accounts-event:${name}`

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (CHANNEL_NAMES as readonly string[]).includes(value)
}
