import { z } from 'zod'
import type { ChannelName } from './channels'
import type { PasswordRule, SessionView, TwoFactorSetup, TwoFactorStatus } from './views'
import type { AccountDetail, AccountPage, AuditPage, MailMessageView, ProbePauseView } from './admin-views'
import { hashingParametersSchema, settingChangesSchema, type SettingsView } from './settings-schema'

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
  /** Phantom: the result type, carried for the typed API; never read at run time. */
  output?: O
}

const define =
  <O>() =>
  <I extends z.ZodType, A extends Access>(def: {
    access: A
    input: I
    countsAsActivity?: boolean
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

const signUpInput = z.strictObject({
  username,
  email,
  password,
  passwordConfirmation: password
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
    input: z.strictObject({
      oldPassword: password,
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
  adminListAccounts: define<AccountPage>()({
    access: 'admin',
    input: z.strictObject({
      search: z.string().max(LIMITS.searchChars),
      sort: z.enum(['username', 'email', 'isAdmin', 'isActive', 'lastLoginAt', 'joinedAt']),
      direction: z.enum(['asc', 'desc']),
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      limit: z.number().int().min(1).max(LIMITS.pageSize)
    })
  }),
  adminGetAccount: define<AccountDetail>()({ access: 'admin', input: z.strictObject({ id }) }),
  adminCreateAccount: define<AccountDetail>()({
    access: 'admin',
    input: signUpInput.extend({ isAdmin: z.boolean() })
  }),
  adminUpdateAccount: define<AccountDetail>()({
    access: 'admin',
    input: z.strictObject({
      id,
      email: email.optional(),
      isAdmin: z.boolean().optional(),
      isActive: z.boolean().optional()
    })
  }),
  adminUnlockAccount: define<AccountDetail>()({ access: 'admin', input: z.strictObject({ id }) }),
  adminSendResetCode: define<{ accepted: true }>()({
    access: 'admin',
    input: z.strictObject({ id })
  }),
  adminSetTemporaryPassword: define<AccountDetail>()({
    access: 'admin',
    input: z.strictObject({ id, password, passwordConfirmation: password })
  }),
  adminDeleteAccount: define<{ deleted: true }>()({
    access: 'admin',
    input: z.strictObject({ id, confirmUsername: username })
  }),
  adminListAudit: define<AuditPage>()({
    access: 'admin',
    input: z.strictObject({
      user: z.string().max(LIMITS.usernameChars),
      kind: z.string().max(64),
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      limit: z.number().int().min(1).max(LIMITS.pageSize)
    })
  }),
  mailLogList: define<MailMessageView[]>()({ access: 'mail-log', input: empty }),
  adminGetSettings: define<SettingsView>()({ access: 'admin', input: empty }),
  adminSaveSettings: define<SettingsView>()({
    access: 'admin',
    input: z.strictObject({ changes: settingChangesSchema })
  }),
  /** Hashes once with these parameters in main: how long a login would take with them. */
  adminMeasureHashing: define<{ milliseconds: number }>()({ access: 'admin', input: hashingParametersSchema }),
  /** Mail settings not given are those in effect; unsaved ones can be tried before saving. */
  adminSendTestEmail: define<{ transport: 'development' | 'smtp' }>()({
    access: 'admin',
    input: z.strictObject({
      to: email,
      draft: settingChangesSchema.pick({ 'mail.transport': true, 'mail.smtpUrl': true, 'mail.from': true })
    })
  }),
  /** Failed sign-ups and wrong reset codes being slowed; an administrator may lift it. */
  adminGetProbePauses: define<ProbePauseView[]>()({ access: 'admin', input: empty }),
  adminLiftProbePauses: define<ProbePauseView[]>()({ access: 'admin', input: empty }),
  twoFactorStatus: define<TwoFactorStatus>()({ access: 'user', input: empty }),
  twoFactorBeginSetup: define<TwoFactorSetup>()({ access: 'user', input: empty }),
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
  adminDisableTwoFactor: define<AccountDetail>()({ access: 'admin', input: z.strictObject({ id }) })
} satisfies { [K in ChannelName]: ChannelDef<z.ZodType, unknown> }

export type Contract = typeof contract
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>
export type ParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>
export type ChannelOutput<K extends ChannelName> = NonNullable<Contract[K]['output']>
/** The channel's access level as a literal type, so the router can type what its handler is given. */
export type ChannelAccess<K extends ChannelName> = Contract[K]['access']
