import type { SettingChanges, SettingsView } from '@shared/settings-schema'
import { MeasureHashing } from './MeasureHashing'
import {
  RadioChoice,
  SettingField,
  fixedHelp,
  type IdleAction,
  type SettingControls,
  type Transport
} from './setting-controls'
import { TestEmail } from './TestEmail'

/** One fieldset per part of the settings; the form around them saves them together. */
export function PasswordsSection({ text, box }: SettingControls) {
  return (
    <fieldset className="settings-section">
      <legend>Passwords</legend>
      {text('passwordValidators.minimumLength.minLength')}
      {box('passwordValidators.commonPassword.enabled')}
      {box('passwordValidators.numeric.enabled')}
      {box('passwordValidators.userAttributeSimilarity.enabled')}
      {text(
        'passwordValidators.userAttributeSimilarity.maxSimilarity',
        'decimal',
        'From 0.1 (strict) to 1 (only a near copy is refused).'
      )}
    </fieldset>
  )
}

export function HashingSection({ text, form, view }: SettingControls) {
  return (
    <fieldset className="settings-section">
      <legend>Password hashing</legend>
      <div className="settings-row">
        {text('passwordHashing.memoryCostInKiB')}
        {text('passwordHashing.timeCost')}
        {text('passwordHashing.parallelism')}
      </div>
      <MeasureHashing
        view={view}
        memoryCostInKiB={form.field('passwordHashing.memoryCostInKiB').value}
        timeCost={form.field('passwordHashing.timeCost').value}
        parallelism={form.field('passwordHashing.parallelism').value}
      />
      <p className="field-help">
        Stored passwords are re-hashed with new values when their owners next log in. Values whose one hash takes more
        than 3 seconds on this machine are refused (at most 1 GiB, 20 iterations, parallelism 16).
      </p>
    </fieldset>
  )
}

interface TimesSectionsProps {
  controls: SettingControls
  idleAction: IdleAction
  onIdleAction: (value: IdleAction) => void
}

export function TimesSections({ controls: { text, box, view }, idleAction, onIdleAction }: TimesSectionsProps) {
  return (
    <>
      <fieldset className="settings-section">
        <legend>Lockout</legend>
        <div className="settings-row">
          {text('lockout.maxFailures')}
          {text('lockout.durationInSeconds', 'decimal')}
        </div>
      </fieldset>
      <fieldset className="settings-section">
        <legend>Sessions</legend>
        <div className="settings-row">
          {text('sessions.idleTimeoutInSeconds', 'decimal')}
          {text('sessions.lifetimeInSeconds', 'decimal')}
        </div>
        <RadioChoice view={view} setting="sessions.idleAction" value={idleAction} onChange={onIdleAction} />
        {text('sessions.maxLockedSessions')}
        {box('sessions.lockOnSystemLock')}
      </fieldset>
      <fieldset className="settings-section">
        <legend>Reset codes</legend>
        {text('resetCodes.lifetimeInSeconds', 'decimal')}
      </fieldset>
    </>
  )
}

interface MailSectionProps {
  controls: SettingControls
  transport: Transport
  onTransport: (value: Transport) => void
  /** The screen's unsaved changes, for the test email. */
  draft: SettingChanges
}

export function MailSection({ controls: { form, view }, transport, onTransport, draft }: MailSectionProps) {
  return (
    <fieldset className="settings-section">
      <legend>Mail</legend>
      <RadioChoice view={view} setting="mail.transport" value={transport} onChange={onTransport} />
      <SettingField form={form} view={view} setting="mail.smtpUrl" inputMode="url" help={smtpHelp(view)} />
      <SettingField form={form} view={view} setting="mail.from" inputMode="email" />
      <TestEmail draft={draft} />
    </fieldset>
  )
}

const smtpHelp = (view: SettingsView): string =>
  fixedHelp(view, 'mail.smtpUrl') ??
  'smtp://user:password@host:587 or smtps://…; the password is shown masked. Type the whole URL to change it.'

export function TwoFactorSettingsSection({ box }: SettingControls) {
  return (
    <fieldset className="settings-section">
      <legend>Two-factor</legend>
      {box('twoFactor.requiredForAdmins')}
    </fieldset>
  )
}
