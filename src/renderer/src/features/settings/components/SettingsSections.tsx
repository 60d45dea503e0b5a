import type { SettingsView } from '@shared/settings-schema'
import { changesIn, fromDisplay, SECTIONS } from '../setting-fields'
import { AdminTwoFactorReach } from './AdminTwoFactorReach'
import { MeasureHashing } from './MeasureHashing'
import {
  RadioChoice,
  SettingField,
  fixedHelp,
  type IdleAction,
  type SettingControls,
  type Transport
} from './setting-controls'
import { SettingsSection } from './SettingsSection'
import { TestEmail } from './TestEmail'
import { UnusedAccountsReport } from './UnusedAccountsReport'

const SIMILARITY_ON = 'passwordValidators.userAttributeSimilarity.enabled'

/** The password rules; Maximum similarity applies only while its check is on. */
export function PasswordsSection({ text, box, draft }: SettingControls) {
  return (
    <SettingsSection id="passwords" draft={draft}>
      {text('passwordValidators.minimumLength.minLength')}
      {box('passwordValidators.commonPassword.enabled')}
      {box('passwordValidators.numeric.enabled')}
      {box(SIMILARITY_ON)}
      {text('passwordValidators.userAttributeSimilarity.maxSimilarity', {
        inputMode: 'decimal',
        help: 'Lower is stricter; 1 refuses only a near copy.',
        disabled: draft.draft[SIMILARITY_ON] === false
      })}
    </SettingsSection>
  )
}

const typedNumber = (
  controls: SettingControls,
  key: 'passwordHashing.memoryCostInKiB' | 'passwordHashing.timeCost' | 'passwordHashing.parallelism'
) => fromDisplay(key, String(controls.draft.draft[key])) as number

export function HashingSection(controls: SettingControls) {
  const { text, draft, view } = controls
  return (
    <SettingsSection id="hashing" draft={draft}>
      <div className="settings-row">
        {text('passwordHashing.memoryCostInKiB')}
        {text('passwordHashing.timeCost')}
        {text('passwordHashing.parallelism')}
      </div>
      <MeasureHashing
        view={view}
        parameters={{
          memoryCostInKiB: typedNumber(controls, 'passwordHashing.memoryCostInKiB'),
          timeCost: typedNumber(controls, 'passwordHashing.timeCost'),
          parallelism: typedNumber(controls, 'passwordHashing.parallelism')
        }}
      />
      <p className="field-help">
        Stored passwords are re-hashed with new values when their owners next log in. Values whose one hash takes more
        than 3 seconds on this machine are refused.
      </p>
    </SettingsSection>
  )
}

export function LockoutSection({ text, draft }: SettingControls) {
  return (
    <SettingsSection id="lockout" draft={draft}>
      <div className="settings-row">
        {text('lockout.maxFailures')}
        {text('lockout.durationInSeconds')}
      </div>
    </SettingsSection>
  )
}

export function SessionsSection({ text, box, draft, view }: SettingControls) {
  return (
    <SettingsSection id="sessions" draft={draft}>
      <div className="settings-row">
        {text('sessions.idleTimeoutInSeconds')}
        {text('sessions.lifetimeInSeconds')}
      </div>
      <RadioChoice
        view={view}
        setting="sessions.idleAction"
        value={draft.draft['sessions.idleAction'] as IdleAction}
        onChange={(value) => draft.set('sessions.idleAction', value)}
      />
      {text('sessions.maxLockedSessions')}
      {box('sessions.lockOnSystemLock')}
    </SettingsSection>
  )
}

export function ResetCodesSection({ text, draft }: SettingControls) {
  return (
    <SettingsSection id="resetCodes" draft={draft}>
      {text('resetCodes.lifetimeInSeconds')}
    </SettingsSection>
  )
}

export function MailSection({ draft, view }: SettingControls) {
  return (
    <SettingsSection id="mail" draft={draft}>
      <RadioChoice
        view={view}
        setting="mail.transport"
        value={draft.draft['mail.transport'] as Transport}
        onChange={(value) => draft.set('mail.transport', value)}
      />
      <SettingField draft={draft} view={view} setting="mail.smtpUrl" inputMode="url" help={smtpHelp(view)} />
      <SettingField draft={draft} view={view} setting="mail.from" inputMode="email" />
      <TestEmail draft={changesIn(view, draft.draft, SECTIONS.mail.keys)} />
    </SettingsSection>
  )
}

const smtpHelp = (view: SettingsView): string =>
  fixedHelp(view, 'mail.smtpUrl') ??
  'smtp://user:password@host:587 or smtps://…; the password is shown masked. Type the whole URL to change it.'

const REQUIRE_TWO_FACTOR = 'twoFactor.requiredForAdmins'

/** Turning the requirement on says first whom it affects; it applies once saved. */
export function TwoFactorSettingsSection({ box, draft, view }: SettingControls) {
  const turningOn = draft.draft[REQUIRE_TWO_FACTOR] === true && view.values[REQUIRE_TWO_FACTOR] === false
  return (
    <SettingsSection id="twoFactor" draft={draft}>
      {box(REQUIRE_TWO_FACTOR)}
      {turningOn && <AdminTwoFactorReach />}
    </SettingsSection>
  )
}

export function UnusedAccountsSection({ text, draft }: SettingControls) {
  const key = 'accounts.deactivateAfterDaysUnused'
  return (
    <SettingsSection id="unused" draft={draft}>
      {text(key, { help: 'Leave empty for never.' })}
      <UnusedAccountsReport typed={String(draft.draft[key])} />
    </SettingsSection>
  )
}
