import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  ENVIRONMENT_OVERRIDES,
  isSettingKey,
  settingsSchema,
  writeSetting,
  type Settings,
  type SettingKey,
  type SettingSource
} from '../../../shared/settings-schema'

export type { Settings, SettingsInput } from '../../../shared/settings-schema'

export const SETTINGS_FILE_NAME = 'settings.json'

/** Settings that `settings.json` or the environment set: they win over stored ones. */
export type FixedSettings = Partial<Record<SettingKey, SettingSource>>

export interface LoadedSettings {
  settings: Settings
  fixed: FixedSettings
}

/** Defaults merged with `overrides`; throws a readable error for an invalid value. */
export function makeSettings(overrides: unknown = {}): Settings {
  const parsed = settingsSchema.safeParse(overrides)
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')
    throw new Error(`Invalid settings: ${where}`)
  }
  return parsed.data
}

/** The dotted paths of every value written in the file (not those filled in by defaults). */
function pathsIn(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return prefix ? [prefix] : []
  return Object.entries(value).flatMap(([name, inner]) => pathsIn(inner, prefix ? `${prefix}.${name}` : name))
}

/**
 * Reads `settings.json` from the data folder (optional), then applies the environment
 * (`ENVIRONMENT_OVERRIDES`: `SMTP_URL` switches mail to SMTP, `MAIL_FROM` sets the sender). Also says which editable
 * settings these fixed, so stored values never override them.
 */
export function readSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): LoadedSettings {
  const file = join(dataDir, SETTINGS_FILE_NAME)
  let fromFile: unknown = {}
  if (existsSync(file)) {
    try {
      // Windows editors (Notepad) may start the file with a byte-order mark, which JSON.parse refuses.
      fromFile = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))
    } catch (error) {
      throw new Error(`${file} is not valid JSON: ${(error as Error).message}`)
    }
  }
  const settings = makeSettings(fromFile)
  const fixed: FixedSettings = {}
  for (const path of pathsIn(fromFile)) if (isSettingKey(path)) fixed[path] = 'settings.json'
  for (const [name, changes] of Object.entries(ENVIRONMENT_OVERRIDES)) {
    const value = env[name]
    if (!value) continue
    for (const [key, setting] of Object.entries(changes(value))) {
      if (!isSettingKey(key)) continue
      writeSetting(settings, key, setting)
      fixed[key] = name as keyof typeof ENVIRONMENT_OVERRIDES
    }
  }
  return { settings, fixed }
}

export const loadSettings = (dataDir: string, env: NodeJS.ProcessEnv = process.env): Settings =>
  readSettings(dataDir, env).settings
