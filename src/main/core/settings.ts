import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

export const SETTINGS_FILE_NAME = 'settings.json'

const toggle = <S extends z.ZodRawShape>(extra: S) =>
  // Every field has a default, so an empty object is a valid input (the generic hides that).
  z.strictObject({ enabled: z.boolean().default(true), ...extra }).prefault({} as never)

const settingsSchema = z
  .strictObject({
    passwordHashing: z
      .strictObject({
        memoryCostInKiB: z.number().int().min(1024).max(4 * 1024 * 1024).default(19456),
        timeCost: z.number().int().min(1).max(100).default(2),
        parallelism: z.number().int().min(1).max(64).default(1)
      })
      .prefault({}),
    passwordValidators: z
      .strictObject({
        minimumLength: toggle({ minLength: z.number().int().min(1).max(1024).default(8) }),
        userAttributeSimilarity: toggle({
          maxSimilarity: z.number().min(0.1).max(1).default(0.7)
        }),
        commonPassword: toggle({}),
        numeric: toggle({})
      })
      .prefault({}),
    sessions: z
      .strictObject({
        lifetimeInSeconds: z.number().int().min(60).default(12 * 60 * 60),
        idleTimeoutInSeconds: z.number().int().min(60).default(15 * 60)
      })
      .prefault({}),
    lockout: z
      .strictObject({
        maxFailures: z.number().int().min(1).default(5),
        durationInSeconds: z.number().int().min(1).default(15 * 60)
      })
      .prefault({}),
    resetCodes: z
      .strictObject({
        lifetimeInSeconds: z.number().int().min(60).default(60 * 60),
        maxAttempts: z.number().int().min(1).default(5),
        maxRequestsPerWindow: z.number().int().min(1).default(3),
        requestWindowInSeconds: z.number().int().min(1).default(15 * 60)
      })
      .prefault({}),
    mail: z
      .strictObject({
        /** `development` stores and shows messages; `smtp` sends them (set by SMTP_URL). */
        transport: z.enum(['development', 'smtp']).default('development'),
        smtpUrl: z.string().nullable().default(null),
        from: z.string().default('Local Accounts <no-reply@localhost>'),
        timeoutInSeconds: z.number().int().min(1).max(300).default(10)
      })
      .prefault({}),
    audit: z
      .strictObject({ retentionInDays: z.number().int().min(1).default(365) })
      .prefault({}),
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

/** Defaults merged with `overrides`; throws a readable error for an invalid value. */
export function makeSettings(overrides: unknown = {}): Settings {
  const parsed = settingsSchema.safeParse(overrides)
  if (!parsed.success) {
    const where = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ')
    throw new Error(`Invalid settings: ${where}`)
  }
  return parsed.data
}

/**
 * Reads `settings.json` from the data folder (optional), then applies the environment:
 * `SMTP_URL` switches mail to SMTP and `MAIL_FROM` sets the sender.
 */
export function loadSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): Settings {
  const file = join(dataDir, SETTINGS_FILE_NAME)
  let fromFile: unknown = {}
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'))
    } catch (error) {
      throw new Error(`${file} is not valid JSON: ${(error as Error).message}`)
    }
  }
  const settings = makeSettings(fromFile)
  if (env.SMTP_URL) {
    settings.mail.transport = 'smtp'
    settings.mail.smtpUrl = env.SMTP_URL
  }
  if (env.MAIL_FROM) settings.mail.from = env.MAIL_FROM
  return settings
}
