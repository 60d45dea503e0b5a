import { type Db, writeTransaction } from '../../db/database'
import type { SettingsRepository } from '../../db/settings-repository'
import type { UserRecord } from '../../db/users-repository'
import {
  checkSettingChanges,
  isSettingKey,
  maskSmtpUrl,
  readSetting,
  SETTING_KEYS,
  writeSetting,
  type MailDraft,
  type SettingChanges,
  type SettingsCheck,
  type SettingKey,
  type SettingsView,
  type SettingValue
} from '../../../shared/settings-schema'
import type { AuditLog } from '../audit/audit-log'
import type { Clock } from '../support/clock'
import { AppError, FieldErrors, fieldError } from '../support/errors'
import { emailErrors, normalizeEmail } from '../accounts/identity'
import type { Mailer, MailRoute } from '../mail/mailer'
import type { HashingParameters } from '../passwords/hasher'
import { HASHING_TIME_LIMIT_MS, measureWithinBudget } from '../passwords/hashing-budget'
import type { FixedSettings, Settings } from './load-settings'

export interface SettingsEditorDeps {
  db: Db
  clock: Clock
  audit: AuditLog
  repository: SettingsRepository
  /** The live settings: every service holds its own part of this object. */
  settings: Settings
  fixed: FixedSettings
  /** Where a stored value that no longer passes the schema is reported (never the value). */
  warn: (message: string) => void
  /** Where the directory's bind password would be read from (only whether it is set is shown). */
  env?: NodeJS.ProcessEnv
}

export interface TestEmailRequest {
  to: string
  /** The screen's unsaved mail settings; a missing one is the value in effect. */
  draft: MailDraft
}

/** Never written to the audit trail or the terminal: it may hold the mail server's password. */
const SECRET_KEYS: readonly SettingKey[] = ['mail.smtpUrl']

/**
 * The Settings screen's side of the settings: values an administrator saves are stored in the
 * database and written into the live settings object in place, so every service sees them at
 * its next call. `settings.json` and the environment win: a value they set is shown read-only
 * and refused on save.
 */
export class SettingsEditor {
  private measuring = false
  private seenDataVersion: number | null = null

  constructor(private readonly deps: SettingsEditorDeps) {}

  /** At start-up: stored values over the defaults, unless the file or environment set them. */
  applyStored(): void {
    const changes: SettingChanges = {}
    for (const row of this.deps.repository.all()) {
      if (isSettingKey(row.key) && !this.deps.fixed[row.key]) {
        Object.assign(changes, { [row.key]: JSON.parse(row.value) as SettingValue })
      }
    }
    this.writeLive(this.acceptable(changes))
  }

  /**
   * The stored values that pass together. A value a newer rule (or a changed settings.json)
   * refuses costs only itself: one by one, twice, so a value that needs another (SMTP needs
   * its URL) gets in once that one has.
   */
  private acceptable(stored: SettingChanges): SettingChanges {
    if (checkSettingChanges(this.deps.settings, stored).ok) return stored
    const accepted: SettingChanges = {}
    let pending = SETTING_KEYS.filter((key) => stored[key] !== undefined)
    for (let pass = 0; pass < 2; pass++) {
      pending = pending.filter((key) => {
        const trial = { ...accepted, [key]: stored[key] }
        if (!checkSettingChanges(this.deps.settings, trial).ok) return true
        Object.assign(accepted, trial)
        return false
      })
    }
    for (const key of pending) {
      this.deps.warn(`[settings] the stored ${key} is not valid with the other settings; it is ignored`)
    }
    return accepted
  }

  /**
   * Another process on the same data folder (a second app, the browser preview) may have saved
   * settings since: SQLite's data_version moves only for other connections' commits, so this
   * costs one pragma per call and re-reads the table only then.
   */
  refreshIfChanged(): void {
    const version = this.deps.repository.dataVersion()
    if (version === this.seenDataVersion) return
    this.seenDataVersion = version
    this.applyStored()
  }

  view(): SettingsView {
    const values = Object.fromEntries(
      SETTING_KEYS.map((key) => [key, readSetting(this.deps.settings, key)])
    ) as SettingsView['values']
    values['mail.smtpUrl'] = maskSmtpUrl(values['mail.smtpUrl'] as string | null)
    const directory = this.deps.settings.directory
    return {
      values,
      fixed: { ...this.deps.fixed },
      directory: directory
        ? { ...directory, bindPasswordSet: Boolean((this.deps.env ?? process.env)[directory.bindPasswordEnv]) }
        : null
    }
  }

  /**
   * Checks every change, stores and audits them as one event, then applies them at once. New
   * hashing values are measured first: values too slow for this machine are refused.
   */
  async save(admin: UserRecord, submitted: SettingChanges): Promise<SettingsView> {
    const { settings, fixed } = this.deps
    const changes: SettingChanges = {}
    const refused = new FieldErrors()
    for (const key of SETTING_KEYS) {
      const value = submitted[key]
      if (value === undefined || value === readSetting(settings, key)) continue
      const source = fixed[key]
      if (source) {
        refused.add(key, fieldError('setting_fixed', { source }))
      }
      Object.assign(changes, { [key]: value })
    }
    refused.throwIfAny()
    const checked = validOrThrow(checkSettingChanges(settings, changes))
    const keys = SETTING_KEYS.filter((key) => changes[key] !== undefined)
    if (keys.length === 0) return this.view()
    if (keys.some((key) => key.startsWith('passwordHashing.'))) {
      await this.refuseSlowHashing(checked.settings.passwordHashing)
    }

    const now = this.deps.clock.now()
    const detail = keys.map((key) =>
      describeChange(key, readSetting(settings, key), readSetting(checked.settings, key))
    )
    writeTransaction(this.deps.db, () => {
      for (const key of keys) {
        this.deps.repository.put(key, JSON.stringify(readSetting(checked.settings, key)), now, admin.id)
      }
      this.deps.audit.record({
        kind: 'settings_change',
        outcome: 'success',
        actor: { id: admin.id, username: admin.username },
        detail: detail.join('; ')
      })
    })
    this.writeLive(Object.fromEntries(keys.map((key) => [key, readSetting(checked.settings, key)])))
    return this.view()
  }

  /**
   * One hash with `parameters` (scaled from a small probe when far too slow); one measurement at
   * a time, so a burst cannot pin every core. Too slow for a login is an error, with the time.
   */
  async measureHashing(parameters: HashingParameters): Promise<{ milliseconds: number }> {
    if (this.measuring) {
      throw new AppError('measure_in_progress')
    }
    this.measuring = true
    try {
      const { milliseconds, tooSlow } = await measureWithinBudget(parameters)
      if (tooSlow) throw new AppError('hashing_too_slow', { params: { milliseconds, limit: HASHING_TIME_LIMIT_MS } })
      return { milliseconds }
    } finally {
      this.measuring = false
    }
  }

  /** Save's check of new hashing values, beside the memory field where the screen shows it. */
  private async refuseSlowHashing(parameters: HashingParameters): Promise<void> {
    try {
      await this.measureHashing(parameters)
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'hashing_too_slow') throw error
      const refused = new FieldErrors()
      refused.add('passwordHashing.memoryCostInKiB', fieldError('hashing_too_slow', error.params))
      refused.throwIfAny()
    }
  }

  /** Sends a test message with the screen's draft mail settings; a failure carries the server's words. */
  async sendTestEmail(mailer: Mailer, request: TestEmailRequest): Promise<{ transport: MailRoute['transport'] }> {
    const to = normalizeEmail(request.to)
    const toErrors = new FieldErrors()
    toErrors.add('to', emailErrors(to))
    toErrors.throwIfAny()
    // A value fixed by the file or environment is the one in effect, whatever the draft says.
    const draft = Object.fromEntries(
      Object.entries(request.draft).filter(([key]) => isSettingKey(key) && !this.deps.fixed[key])
    ) as SettingChanges
    const checked = validOrThrow(checkSettingChanges(this.deps.settings, draft))
    const outcome = await mailer.sendTest(to, checked.settings.mail)
    if (!outcome.delivered) {
      throw new AppError('test_email_failed', { params: { reason: outcome.reason } })
    }
    return { transport: checked.settings.mail.transport }
  }

  private writeLive(changes: SettingChanges): void {
    for (const key of SETTING_KEYS) {
      const value = changes[key]
      if (value !== undefined) writeSetting(this.deps.settings, key, value)
    }
  }
}

function validOrThrow(check: SettingsCheck): Extract<SettingsCheck, { ok: true }> {
  if (check.ok) return check
  const errors = new FieldErrors()
  for (const [field, list] of Object.entries(check.fields)) errors.add(field, list ?? [])
  errors.throwIfAny()
  throw new Error('a failed settings check named no field')
}

function describeChange(key: SettingKey, before: SettingValue, after: SettingValue): string {
  if (SECRET_KEYS.includes(key)) return `${key}: changed (not recorded)`
  return `${key}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`
}
