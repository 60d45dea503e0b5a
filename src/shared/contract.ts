import { z } from 'zod'
import type { ChannelName } from './channels'
import type { PasswordRule, SessionView, TwoFactorSetup, TwoFactorStatus, WorkstationSessionView } from './views'
import type {
  AccountDetail,
  AccountPage,
  AdministratorCount,
  AuditPage,
  BackupView,
  ExportPage,
  MailMessageView,
  ProbePauseView,
  SavedFile
} from './admin-views'
import {
  hashingParametersSchema,
  mailDraftSchema,
  settingChangesSchema,
  type MailTransport,
  type SettingsView
} from './settings-schema'

/**
 * Who may call a channel:
 * - `app`: any app window, signed in or not;
 * - `user`: an app window whose session belongs to an active user;
 * - `admin`: an app window whose session belongs to an active administrator;
 * - `mail-log`: the Mail log window only.
 */
export type Access = 'app' | 'user' | 'admin' | 'mail-log'

export interface ChannelDef<I extends z.ZodType, O, A extends Access = Access> {
  access: A
  input: I
  /** False for a status poll: calling it does not keep an idle session alive. */
  countsAsActivity?: boolean
  /**
   * A sensitive change: the router refuses it with `reauthentication_required` unless the password
   * was confirmed in this session within the last minutes. A function decides by the parsed input.
   */
  requiresReauthentication?: boolean | ((input: never) => boolean)
  /** Phantom: the result type, carried for the typed API; never read at run time. */
  output?: O
}

const define =
  <O>() =>
  <I extends z.ZodType, A extends Access>(def: {
    access: A
    input: I
    countsAsActivity?: boolean
    requiresReauthentication?: boolean | ((input: z.output<I>) => boolean)
  }): ChannelDef<I, O, A> =>
    def

/**
 * Hard caps against huge payloads. Field rules (150-character usernames, 1,024-character
 * passwords) are checked by the core, so they come back as field errors with their own codes.
 */
export const LIMITS = {
  usernameChars: 300,
  emailChars: 320,
  passwordChars: 4096,
  searchChars: 200,
  codeChars: 64,
  pageSize: 500
} as const

const username = z.string().max(LIMITS.usernameChars)
const email = z.string().max(LIMITS.emailChars)
const password = z.string().max(LIMITS.passwordChars)
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const empty = z.strictObject({})
/** `Account expires`: 'YYYY-MM-DD' or null/'' for never; the core checks it is a real day (a field error). */
const expiresOn = z.string().max(32).nullable()

/** The Audit trail's filter: user and kind as before; From/To days ('YYYY-MM-DD'), Outcome, Search: optional. */
const auditFilterInput = z.strictObject({
  user: z.string().max(LIMITS.usernameChars),
  kind: z.string().max(64),
  from: z.string().max(32).optional(),
  to: z.string().max(32).optional(),
  outcome: z.enum(['', 'success', 'failure']).optional(),
  search: z.string().max(LIMITS.searchChars).optional()
})

const signUpInput = z.strictObject({
  username,
  email,
  password,
  passwordConfirmation: password
})

/** The Accounts console's search, `Show` filter, sort and page: one shape for its list and its export. */
const accountQueryInput = z.strictObject({
  search: z.string().max(LIMITS.searchChars),
  sort: z.enum(['username', 'email', 'isAdmin', 'isActive', 'lastLoginAt', 'joinedAt', 'isLocked', 'twoFactor']),
  direction: z.enum(['asc', 'desc']),
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  limit: z.number().int().min(1).max(LIMITS.pageSize),
  /** The console's `Show` select; absent = all. */
  show: z.enum(['all', 'locked', 'deactivated', 'admins', 'twoFactorOff']).optional()
})

export const contract = {
  getSession: define<SessionView>()({ access: 'app', input: empty, countsAsActivity: false }),
  /** The renderer reports keyboard/pointer use (throttled) so a person at the window stays signed in. */
  reportActivity: define<{ active: true }>()({ access: 'user', input: empty }),
  getPasswordRules: define<PasswordRule[]>()({ access: 'app', input: empty }),
  signUp: define<SessionView>()({ access: 'app', input: signUpInput }),
  createFirstAdmin: define<SessionView>()({ access: 'app', input: signUpInput }),
  logIn: define<SessionView>()({
    access: 'app',
    input: z.strictObject({ identifier: z.string().max(LIMITS.emailChars), password })
  }),
  logOut: define<SessionView>()({ access: 'user', input: empty }),
  changePassword: define<SessionView>()({
    access: 'user',
    /** `oldPassword` may be left out only in the forced step after a temporary password (core decides). */
    input: z.strictObject({
      oldPassword: password.optional(),
      newPassword: password,
      newPasswordConfirmation: password
    })
  }),
  requestPasswordReset: define<{ accepted: true }>()({
    access: 'app',
    input: z.strictObject({ email })
  }),
  confirmPasswordReset: define<{ reset: true }>()({
    access: 'app',
    input: z.strictObject({
      code: z.string().max(LIMITS.codeChars),
      newPassword: password,
      newPasswordConfirmation: password
    })
  }),
  adminListAccounts: define<AccountPage>()({ access: 'admin', input: accountQueryInput }),
  adminGetAccount: define<AccountDetail>()({ access: 'admin', input: z.strictObject({ id }) }),
  adminCreateAccount: define<AccountDetail>()({
    access: 'admin',
    /** `mustChangePassword`: the password is a temporary one, handed over (absent = no). */
    input: signUpInput.extend({
      isAdmin: z.boolean(),
      mustChangePassword: z.boolean().optional(),
      expiresOn: expiresOn.optional()
    })
  }),
  adminUpdateAccount: define<AccountDetail>()({
    access: 'admin',
    requiresReauthentication: (input) => input.isAdmin !== undefined,
    input: z.strictObject({
      id,
      email: email.optional(),
      isAdmin: z.boolean().optional(),
      isActive: z.boolean().optional(),
      expiresOn: expiresOn.optional()
    })
  }),
  adminUnlockAccount: define<AccountDetail>()({ access: 'admin', input: z.strictObject({ id }) }),
  adminSendResetCode: define<{ accepted: true }>()({
    access: 'admin',
    input: z.strictObject({ id })
  }),
  adminSetTemporaryPassword: define<AccountDetail>()({
    access: 'admin',
    requiresReauthentication: true,
    input: z.strictObject({ id, password, passwordConfirmation: password })
  }),
  adminDeleteAccount: define<{ deleted: true }>()({
    access: 'admin',
    requiresReauthentication: true,
    input: z.strictObject({ id, confirmUsername: username })
  }),
  adminListAudit: define<AuditPage>()({
    access: 'admin',
    input: auditFilterInput.extend({
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      limit: z.number().int().min(1).max(LIMITS.pageSize)
    })
  }),
  mailLogList: define<MailMessageView[]>()({ access: 'mail-log', input: empty }),
  adminGetSettings: define<SettingsView>()({ access: 'admin', input: empty }),
  adminSaveSettings: define<SettingsView>()({
    access: 'admin',
    requiresReauthentication: true,
    input: z.strictObject({ changes: settingChangesSchema })
  }),
  /** Hashes once with these parameters in main: how long a login would take with them. */
  adminMeasureHashing: define<{ milliseconds: number }>()({ access: 'admin', input: hashingParametersSchema }),
  /** Mail settings not given are those in effect; unsaved ones can be tried before saving. */
  adminSendTestEmail: define<{ transport: MailTransport }>()({
    access: 'admin',
    input: z.strictObject({
      to: email,
      draft: mailDraftSchema
    })
  }),
  /** Failed sign-ups and wrong reset codes being slowed; an administrator may lift it. */
  adminGetProbePauses: define<ProbePauseView[]>()({ access: 'admin', input: empty }),
  adminLiftProbePauses: define<ProbePauseView[]>()({ access: 'admin', input: empty }),
  twoFactorStatus: define<TwoFactorStatus>()({ access: 'user', input: empty }),
  twoFactorBeginSetup: define<TwoFactorSetup>()({ access: 'user', input: empty, requiresReauthentication: true }),
  twoFactorEnable: define<{ recoveryCodes: string[] }>()({
    access: 'user',
    input: z.strictObject({ code: z.string().max(LIMITS.codeChars) })
  }),
  twoFactorDisable: define<TwoFactorStatus>()({ access: 'user', input: z.strictObject({ password }) }),
  twoFactorNewRecoveryCodes: define<{ recoveryCodes: string[] }>()({
    access: 'user',
    input: z.strictObject({ password })
  }),
  /** The second login step; `app`, because the window has no session until it succeeds. */
  twoFactorVerifyLogIn: define<SessionView>()({
    access: 'app',
    input: z.strictObject({ code: z.string().max(LIMITS.codeChars) })
  }),
  twoFactorVerifyRecoveryCode: define<SessionView>()({
    access: 'app',
    input: z.strictObject({ recoveryCode: z.string().max(LIMITS.codeChars) })
  }),
  twoFactorCancelLogIn: define<SessionView>()({ access: 'app', input: empty }),
  adminDisableTwoFactor: define<AccountDetail>()({
    access: 'admin',
    input: z.strictObject({ id }),
    requiresReauthentication: true
  }),
  /** Hides this window's session behind the Lock screen; it stays, and only its password opens it. */
  lockSession: define<SessionView>()({ access: 'user', input: empty }),
  /** Leaves this window's session locked and shows Log in; `app`, since a locked window may ask. */
  switchUser: define<SessionView>()({ access: 'app', input: empty }),
  /** Opens a locked session (from its Lock screen or the Locked sessions list) into this window. */
  unlockSession: define<SessionView>()({
    access: 'app',
    input: z.strictObject({ handle: z.string().max(64), password })
  }),
  /** Confirm it's you: the password again, remembered for this session a few minutes. */
  reauthenticate: define<{ confirmed: true }>()({ access: 'user', input: z.strictObject({ password }) }),
  adminListSessions: define<WorkstationSessionView[]>()({ access: 'admin', input: empty }),
  adminEndSession: define<{ ended: true }>()({
    access: 'admin',
    input: z.strictObject({ handle: z.string().max(64) })
  }),
  /** What `Deactivate accounts unused for (days)` would deactivate now, before it is saved. */
  adminPreviewUnusedAccounts: define<{ count: number; usernames: string[] }>()({
    access: 'admin',
    input: z.strictObject({ days: z.number().int().min(1).max(36_500) })
  }),
  /** Whom `Require two-factor authentication for administrators` would affect, said before it is saved. */
  adminCountAdministrators: define<AdministratorCount>()({ access: 'admin', input: empty }),
  adminListBackups: define<BackupView[]>()({ access: 'admin', input: empty }),
  adminBackUpNow: define<BackupView>()({ access: 'admin', input: empty }),
  /**
   * One page of the Accounts console's CSV export (the current search and sort), as CSV text; the
   * window asks page after page, so 100,000 rows never hold main or the window for long.
   */
  adminExportAccountsPage: define<ExportPage>()({
    access: 'admin',
    input: accountQueryInput.omit({ limit: true })
  }),
  /** One page of the Audit trail's CSV export (the current filter), oldest-last as on screen. */
  adminExportAuditPage: define<ExportPage>()({
    access: 'admin',
    input: auditFilterInput.extend({ offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
  }),
  /**
   * The desktop app's `Export CSV`: main asks where to save (the system's save dialog), then
   * writes every matching row itself, page by page. The preview has no dialog: `no_dialog`.
   */
  adminExportAccountsToFile: define<SavedFile>()({
    access: 'admin',
    input: accountQueryInput.omit({ limit: true, offset: true })
  }),
  /** The same for the Audit trail's `Export CSV` (the current filter). */
  adminExportAuditToFile: define<SavedFile>()({ access: 'admin', input: auditFilterInput })
} satisfies { [K in ChannelName]: ChannelDef<z.ZodType, unknown> }

export type Contract = typeof contract
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>
export type ParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>
export type ChannelOutput<K extends ChannelName> = NonNullable<Contract[K]['output']>
/** The channel's access level as a literal type, so the router can type what its handler is given. */
export type ChannelAccess<K extends ChannelName> = Contract[K]['access']
