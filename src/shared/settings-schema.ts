import { z } from 'zod'
import { errorMessage, fieldError as wordedFieldError, isErrorCode } from './errors'
import { DEFAULT_PASSWORD_MIN_LENGTH, PASSWORD_MAX_CHARS } from './limits'
import type { FieldError } from './result'
import { APP_NAME } from './product'

/**
 * The one settings schema: `settings.json` is parsed with it in main, the Settings screen's
 * values are checked with it in main again on save, and the renderer runs the same check
 * before sending, so a value is refused with the same words wherever it is typed.
 */

const toggle = <S extends z.ZodRawShape>(extra: S) =>
  // Every field has a default, so an empty object is a valid input (the generic hides that).
  z.strictObject({ enabled: z.boolean().default(true), ...extra }).prefault({} as never)

// Upper bounds on every duration, count and hashing parameter: one value past them (a lockout
// of 285,000 years, a 4 GiB hash) would stop every login. Units: seconds unless named.
const MINUTE = 60
const DAY = 24 * 60 * 60

const hashingBounds = {
  // 1 GiB, 20 passes, 16 lanes: far above OWASP's 19 MiB/t=2; a value that passes and still
  // hashes too slowly here is refused on save by measuring it (core/passwords/hashing-budget).
  memoryCostInKiB: z
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024),
  timeCost: z.number().int().min(1).max(20),
  parallelism: z.number().int().min(1).max(16)
}

/** argon2id parameters within the bounds a stored setting may take (the Measure button too). */
export const hashingParametersSchema = z.strictObject(hashingBounds)

/** How mail leaves: `development` stores and shows messages; `smtp` sends them. */
export const MAIL_TRANSPORTS = ['development', 'smtp'] as const
export type MailTransport = (typeof MAIL_TRANSPORTS)[number]

const smtpUrl = z
  .string()
  .max(2048)
  .refine((value) => /^smtps?:\/\/[^\s/]+/i.test(value), {
    message: errorMessage('smtp_url_invalid'),
    params: { code: 'smtp_url_invalid' }
  })

// `desk@example.org` or `Front desk <desk@example.org>` (a host without a dot, like the default's
// `localhost`, is allowed): anything else is no address a mail server would send from.
const ADDRESS = String.raw`[^\s@<>]+@[^\s@<>]+`
const FROM_PATTERN = new RegExp(String.raw`^(?:${ADDRESS}|[^<>]*<${ADDRESS}>)$`)

const mailFrom = z
  .string()
  .min(1)
  .max(320)
  .refine((value) => FROM_PATTERN.test(value.trim()), {
    message: errorMessage('mail_from_invalid'),
    params: { code: 'mail_from_invalid' }
  })

export const settingsSchema = z
  .strictObject({
    passwordHashing: z
      .strictObject({
        memoryCostInKiB: hashingBounds.memoryCostInKiB.default(19456),
        timeCost: hashingBounds.timeCost.default(2),
        parallelism: hashingBounds.parallelism.default(1)
      })
      .prefault({}),
    passwordValidators: z
      .strictObject({
        minimumLength: toggle({
          minLength: z.number().int().min(1).max(PASSWORD_MAX_CHARS).default(DEFAULT_PASSWORD_MIN_LENGTH)
        }),
        userAttributeSimilarity: toggle({
          maxSimilarity: z.number().min(0.1).max(1).default(0.7)
        }),
        commonPassword: toggle({}),
        numeric: toggle({})
      })
      .prefault({}),
    sessions: z
      .strictObject({
        lifetimeInSeconds: z
          .number()
          .int()
          .min(60)
          .max(30 * DAY)
          .default(12 * 60 * 60),
        // Activity is reported and "last seen" written every 30 s: under a minute signs people out mid-work.
        idleTimeoutInSeconds: z
          .number()
          .int()
          .min(60)
          .max(DAY)
          .default(15 * 60),
        /** What idle time does: `lock` keeps the session behind the Lock screen; `logOut` ends it. */
        idleAction: z.enum(['lock', 'logOut']).default('lock'),
        /** Locked sessions kept on this workstation; one more ends the oldest. */
        maxLockedSessions: z.number().int().min(1).max(50).default(5),
        /** The desktop app locks every session when the computer locks or sleeps. */
        lockOnSystemLock: z.boolean().default(true)
      })
      .prefault({}),
    lockout: z
      .strictObject({
        maxFailures: z.number().int().min(1).max(100).default(5),
        // Under a minute is no lock at all against a guesser.
        durationInSeconds: z
          .number()
          .int()
          .min(MINUTE)
          .max(DAY)
          .default(15 * 60)
      })
      .prefault({}),
    resetCodes: z
      .strictObject({
        lifetimeInSeconds: z
          .number()
          .int()
          .min(MINUTE)
          .max(DAY)
          .default(60 * 60),
        maxAttempts: z.number().int().min(1).max(100).default(5),
        maxRequestsPerWindow: z.number().int().min(1).max(100).default(3),
        requestWindowInSeconds: z
          .number()
          .int()
          .min(1)
          .max(DAY)
          .default(15 * 60)
      })
      .prefault({}),
    mail: z
      .strictObject({
        /** `development` stores and shows messages; `smtp` sends them (set by SMTP_URL). */
        transport: z.enum(MAIL_TRANSPORTS).default('development'),
        smtpUrl: smtpUrl.nullable().default(null),
        from: mailFrom.default(`${APP_NAME} <no-reply@localhost>`),
        timeoutInSeconds: z.number().int().min(1).max(300).default(10)
      })
      .prefault({}),
    audit: z
      .strictObject({
        retentionInDays: z.number().int().min(1).max(3650).default(365),
        /** Every audit event also goes to this syslog receiver (RFC 5424); absent = none. */
        syslog: z
          .strictObject({
            url: z.string().regex(/^(udp|tcp|tls):\/\/[^\s/:]+:\d{1,5}$/, 'must be udp://, tcp:// or tls://host:port'),
            appName: z
              .string()
              .regex(/^[!-~]{1,48}$/, 'printable ASCII, 1 to 48 characters')
              .default('local-accounts'),
            /** For tls://: a CA file to trust (PEM) besides the system's. */
            caFile: z.string().nullable().default(null),
            queueSize: z.number().int().min(1).max(100_000).default(1000)
          })
          .optional()
      })
      .prefault({}),
    accounts: z
      .strictObject({
        /** Accounts with no login (or, never used, no sign-up) for this many days are deactivated; null = never. */
        deactivateAfterDaysUnused: z.number().int().min(1).max(36_500).nullable().default(null)
      })
      .prefault({}),
    /** Automatic backups into `<data folder>/backups/`; absent = none. */
    backup: z
      .strictObject({
        everyHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 366),
        keep: z.number().int().min(1).max(1000)
      })
      .optional(),
    twoFactor: z.strictObject({ requiredForAdmins: z.boolean().default(false) }).prefault({}),
    /** Optional LDAP / Active Directory sign-in beside local accounts; absent = none. */
    directory: z
      .strictObject({
        url: z.string().regex(/^ldaps?:\/\/\S+$/, 'must start with ldap:// or ldaps://'),
        startTls: z.boolean().default(false),
        caFile: z.string().nullable().default(null),
        bindDn: z.string().nullable().default(null),
        bindPasswordEnv: z.string().min(1).default('LOCAL_ACCOUNTS_LDAP_PASSWORD'),
        userSearchBase: z.string().min(1),
        userFilter: z.string().includes('{username}').default('(uid={username})'),
        emailAttribute: z.string().min(1).default('mail'),
        adminGroupDn: z.string().nullable().default(null),
        timeoutInSeconds: z.number().int().min(1).max(60).default(5)
      })
      .optional()
  })
  .prefault({})

export type Settings = z.output<typeof settingsSchema>
export type SettingsInput = z.input<typeof settingsSchema>

/** The settings an administrator may change on the Settings screen, by their path in `settings.json`. */
export const SETTING_KEYS = [
  'passwordValidators.minimumLength.minLength',
  'passwordValidators.commonPassword.enabled',
  'passwordValidators.numeric.enabled',
  'passwordValidators.userAttributeSimilarity.enabled',
  'passwordValidators.userAttributeSimilarity.maxSimilarity',
  'passwordHashing.memoryCostInKiB',
  'passwordHashing.timeCost',
  'passwordHashing.parallelism',
  'lockout.maxFailures',
  'lockout.durationInSeconds',
  'sessions.idleTimeoutInSeconds',
  'sessions.lifetimeInSeconds',
  'sessions.idleAction',
  'sessions.maxLockedSessions',
  'sessions.lockOnSystemLock',
  'resetCodes.lifetimeInSeconds',
  'mail.transport',
  'mail.smtpUrl',
  'mail.from',
  'twoFactor.requiredForAdmins',
  'accounts.deactivateAfterDaysUnused'
] as const

export type SettingKey = (typeof SETTING_KEYS)[number]

/** The type of the value at a dotted path of `T`. */
type ValueAt<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? ValueAt<NonNullable<T[Head]>, Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never

export type SettingChanges = { [K in SettingKey]?: ValueAt<Settings, K> }
export type SettingValue = number | boolean | string | null

/** Longest text a change may carry before it is a bad request; the schema's own limits are lower. */
const MAX_SETTING_TEXT = 4096

/** The schema of the setting at `key`, without its default. */
function schemaAt(key: SettingKey): z.ZodType {
  let node: z.ZodType = settingsSchema
  for (const part of key.split('.')) node = (unwrapped(node) as z.ZodObject).shape[part] as z.ZodType
  return node
}

/** Through defaults and prefaults, keeping a nullable's null. */
function unwrapped(schema: z.ZodType): z.ZodType {
  const def = schema.def as { type: string; innerType?: z.ZodType }
  return (def.type === 'default' || def.type === 'prefault') && def.innerType ? unwrapped(def.innerType) : schema
}

/** The schema of the setting at `key` without its default or null: its type is the setting's kind. */
function leafOf(key: SettingKey): { leaf: z.ZodType; nullable: boolean } {
  const schema = unwrapped(schemaAt(key))
  if (schema.def.type !== 'nullable') return { leaf: schema, nullable: false }
  return { leaf: unwrapped((schema.def as unknown as { innerType: z.ZodType }).innerType), nullable: true }
}

/** The range the schema allows a number setting (in its stored unit), or null for a setting that is no number. */
export function settingBounds(key: SettingKey): { min: number; max: number; whole: boolean } | null {
  const { leaf } = leafOf(key)
  if (!(leaf instanceof z.ZodNumber)) return null
  return {
    min: leaf.minValue ?? Number.MIN_SAFE_INTEGER,
    max: leaf.maxValue ?? Number.MAX_SAFE_INTEGER,
    whole: leaf.isInt
  }
}

/** The type a change to `key` must have: the schema's type, not its range. */
function changeType(key: SettingKey): z.ZodType {
  const { leaf, nullable } = leafOf(key)
  const types: Record<string, () => z.ZodType> = {
    number: () => z.number(),
    boolean: () => z.boolean(),
    string: () => z.string().max(MAX_SETTING_TEXT),
    enum: () => leaf
  }
  const make = types[leaf.def.type]
  if (!make) throw new Error(`settings-schema: no change type for ${key} (${leaf.def.type})`)
  return nullable ? make().nullable() : make()
}

/**
 * A change to the editable settings, as the Settings screen sends it. Types only, read from the
 * settings schema: the ranges are the schema's, checked by `checkSettingChanges`, so they come
 * back as field errors rather than a bad request.
 */
export const settingChangesSchema = z.strictObject(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, changeType(key).optional()]))
) as unknown as z.ZodObject<{ [K in SettingKey]: z.ZodOptional<z.ZodType<ValueAt<Settings, K>>> }, z.core.$strict>

type KeysWhere<V> = { [K in SettingKey]: ValueAt<Settings, K> extends V ? K : never }[SettingKey]
/** Settings that are on or off (check boxes). */
export type ToggleSettingKey = KeysWhere<boolean>
/** Settings that pick one of a list (radio buttons). */
export type ChoiceSettingKey = KeysWhere<MailTransport> | KeysWhere<'lock' | 'logOut'>
/** Settings typed as text: numbers and strings. */
export type TextSettingKey = Exclude<SettingKey, ToggleSettingKey | ChoiceSettingKey>
export const TEXT_SETTING_KEYS = SETTING_KEYS.filter((key) =>
  ['number', 'string'].includes(leafOf(key).leaf.def.type)
) as TextSettingKey[]

/** The mail settings a test email may try before they are saved. */
export const MAIL_SETTING_KEYS = ['mail.transport', 'mail.smtpUrl', 'mail.from'] as const satisfies SettingKey[]
export const mailDraftSchema = settingChangesSchema.pick({
  'mail.transport': true,
  'mail.smtpUrl': true,
  'mail.from': true
})
export type MailDraft = Pick<SettingChanges, (typeof MAIL_SETTING_KEYS)[number]>

/**
 * Environment variables that win over `settings.json` and the screen, with the settings each
 * sets: the screen shows those read-only, naming the variable.
 */
export const ENVIRONMENT_OVERRIDES = {
  SMTP_URL: (value: string): SettingChanges => ({ 'mail.transport': 'smtp', 'mail.smtpUrl': value }),
  MAIL_FROM: (value: string): SettingChanges => ({ 'mail.from': value })
}

/** Where a value that overrides the stored one comes from; the screen shows it read-only. */
export type SettingSource = 'settings.json' | keyof typeof ENVIRONMENT_OVERRIDES

export interface SettingsView {
  /** Every editable setting's value in effect now; the SMTP URL with its password masked. */
  values: Record<SettingKey, SettingValue>
  /** Settings fixed by `settings.json` or the environment, and where from. */
  fixed: Partial<Record<SettingKey, SettingSource>>
  /** The directory sign-in in effect (set only in settings.json), or null for none. */
  directory: DirectoryView | null
}

/** What the Settings screen shows of the `directory` section: never the bind password itself. */
export type DirectoryView = Omit<NonNullable<Settings['directory']>, 'caFile'> & {
  caFile: string | null
  /** Whether the variable that `bindPasswordEnv` names is set. */
  bindPasswordSet: boolean
}

export const isSettingKey = (value: string): value is SettingKey => (SETTING_KEYS as readonly string[]).includes(value)

export function readSetting(settings: Settings, key: SettingKey): SettingValue {
  let node: unknown = settings
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part]
  return node as SettingValue
}

/** Sets one value inside `settings` itself: services hold the nested objects and see it at once. */
export function writeSetting(settings: Settings, key: SettingKey, value: SettingValue): void {
  const parts = key.split('.')
  let node = settings as unknown as Record<string, unknown>
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>
  node[parts[parts.length - 1]] = value
}

export type SettingsCheck =
  { ok: true; settings: Settings } | { ok: false; fields: Partial<Record<SettingKey, FieldError[]>> }

function issueFieldError(issue: z.core.$ZodIssue): FieldError {
  switch (issue.code) {
    case 'too_small':
      return wordedFieldError('setting_too_small', { min: Number(issue.minimum) })
    case 'too_big':
      return wordedFieldError('setting_too_big', { max: Number(issue.maximum) })
    case 'invalid_type':
      return issue.expected === 'int'
        ? wordedFieldError('setting_not_whole')
        : wordedFieldError('setting_wrong_type', { expected: String(issue.expected) })
    case 'custom': {
      const code = String(issue.params?.code)
      return wordedFieldError(isErrorCode(code) ? code : 'setting_invalid')
    }
    default:
      return wordedFieldError('setting_invalid')
  }
}

/**
 * `current` with `changes` applied, checked whole by the settings schema plus the rules that
 * need two values at once. Errors are keyed by setting. `current` is not touched.
 */
export function checkSettingChanges(current: Settings, changes: SettingChanges): SettingsCheck {
  const draft = structuredClone(current)
  for (const key of SETTING_KEYS) {
    const value = changes[key]
    if (value !== undefined) writeSetting(draft, key, value)
  }
  const fields: Partial<Record<SettingKey, FieldError[]>> = {}
  const add = (key: string, error: FieldError): void => {
    if (isSettingKey(key)) (fields[key] ??= []).push(error)
  }
  const parsed = settingsSchema.safeParse(draft)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(issue.path.join('.'), issueFieldError(issue))
    return { ok: false, fields }
  }
  const mail = parsed.data.mail
  // Every reset code would go nowhere: refused here, where it can still be corrected.
  if (mail.transport === 'smtp' && !mail.smtpUrl) {
    add('mail.smtpUrl', wordedFieldError('smtp_url_required'))
    return { ok: false, fields }
  }
  return { ok: true, settings: parsed.data }
}

/** `smtp://user:secret@host` → `smtp://user:****@host`: an admin may see where mail goes, never the password. */
export function maskSmtpUrl(url: string | null): string | null {
  if (url === null) return null
  try {
    const parsed = new URL(url)
    if (!parsed.password) return url
    parsed.password = '****'
    return parsed.toString()
  } catch {
    return '(not shown: not a valid URL)'
  }
}
