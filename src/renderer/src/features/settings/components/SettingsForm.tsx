import { useState } from 'react'
import type { SettingChanges, SettingKey, SettingsView } from '@shared/settings-schema'
import { Field } from '@/components/Field'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm, type ApiForm } from '@/hooks/use-api-form'
import { refreshIfAccessChanged } from '@/lib/access-errors'
import { Checkbox } from '@/components/Checkbox'
import {
  checkLocally,
  fromDisplay,
  inFieldUnitsAll,
  LABELS,
  SOURCE_WORDS,
  TEXT_SETTINGS,
  toDisplay,
  type TextSetting,
  type ToggleSetting
} from '../setting-fields'
import { DirectorySection } from './DirectorySection'
import { ProbePauses } from './ProbePauses'
import { MeasureHashing } from './MeasureHashing'
import { TestEmail } from './TestEmail'
import '../settings.css'

type TextValues = Record<TextSetting, string>
type Transport = 'development' | 'smtp'

interface SettingsFormProps {
  view: SettingsView
  onSaved: (view: SettingsView) => void
}

const displayed = (view: SettingsView): TextValues =>
  Object.fromEntries(TEXT_SETTINGS.map((key) => [key, toDisplay(key, view.values[key])])) as TextValues

/**
 * Every setting an administrator may change, by section. Only what differs from the values in
 * effect is sent, so a masked SMTP URL left alone is never saved over the real one; main checks
 * everything again with the same schema.
 */
export function SettingsForm({ view, onSaved }: SettingsFormProps) {
  const [toggles, setToggles] = useState<Partial<Record<ToggleSetting, boolean>>>({})
  const [transport, setTransport] = useState<Transport>(view.values['mail.transport'] as Transport)
  const [saved, setSaved] = useState(false)
  const baseline = displayed(view)
  const toggle = (key: ToggleSetting): boolean => toggles[key] ?? (view.values[key] as boolean)

  function changesFrom(values: TextValues): SettingChanges {
    const changes: Record<string, unknown> = {}
    for (const key of TEXT_SETTINGS) {
      if (values[key] !== baseline[key] && !view.fixed[key]) changes[key] = fromDisplay(key, values[key])
    }
    for (const [key, value] of Object.entries(toggles)) {
      if (value !== view.values[key as SettingKey]) changes[key] = value
    }
    if (transport !== view.values['mail.transport']) changes['mail.transport'] = transport
    return changes
  }

  const form = useApiForm<TextValues, SettingsView>({
    initial: baseline,
    submit: async (values) => {
      setSaved(false)
      const changes = changesFrom(values)
      const local = checkLocally(view, changes)
      if (local) return { ok: false, error: inFieldUnitsAll(local) }
      const result = await window.api.adminSaveSettings({ changes })
      return result.ok ? result : { ok: false, error: inFieldUnitsAll(result.error) }
    },
    onSuccess: (next) => {
      setToggles({})
      setSaved(true)
      onSaved(next)
    },
    onError: refreshIfAccessChanged
  })

  const text = (key: TextSetting, inputMode: 'numeric' | 'decimal' = 'numeric', help?: string) => (
    <SettingField key={key} form={form} view={view} setting={key} inputMode={inputMode} help={help} />
  )
  const box = (key: ToggleSetting) => (
    <Checkbox
      label={LABELS[key]}
      checked={toggle(key)}
      disabled={Boolean(view.fixed[key])}
      onChange={(checked) => setToggles((current) => ({ ...current, [key]: checked }))}
      help={fixedHelp(view, key)}
    />
  )
  const typed = Object.fromEntries(TEXT_SETTINGS.map((key) => [key, form.field(key).value])) as TextValues
  const draftMail = changesFrom(typed)

  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
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
      </fieldset>
      <fieldset className="settings-section">
        <legend>Reset codes</legend>
        {text('resetCodes.lifetimeInSeconds', 'decimal')}
      </fieldset>
      <fieldset className="settings-section">
        <legend>Mail</legend>
        <TransportChoice view={view} value={transport} onChange={setTransport} />
        <SettingField form={form} view={view} setting="mail.smtpUrl" inputMode="url" help={smtpHelp(view)} />
        <SettingField form={form} view={view} setting="mail.from" inputMode="email" />
        <TestEmail draft={draftMail} />
      </fieldset>
      <fieldset className="settings-section">
        <legend>Two-factor</legend>
        {box('twoFactor.requiredForAdmins')}
      </fieldset>
      <DirectorySection directory={view.directory} />
      <ProbePauses />
      <div className="settings-save">
        <SubmitButton label="Save settings" pendingLabel="Saving…" pending={form.pending} />
        <p role="status" className="settings-status">
          {saved ? 'Settings saved' : ''}
        </p>
      </div>
    </Form>
  )
}

const fixedHelp = (view: SettingsView, key: SettingKey): string | undefined => {
  const source = view.fixed[key]
  return source ? SOURCE_WORDS[source] : undefined
}

const smtpHelp = (view: SettingsView): string =>
  fixedHelp(view, 'mail.smtpUrl') ??
  'smtp://user:password@host:587 or smtps://…; the password is shown masked. Type the whole URL to change it.'

interface SettingFieldProps {
  form: ApiForm<TextValues>
  view: SettingsView
  setting: TextSetting
  inputMode: 'numeric' | 'decimal' | 'url' | 'email'
  help?: string
}

/** A text setting; read-only, saying where it is set, when settings.json or the environment fix it. */
function SettingField({ form, view, setting, inputMode, help }: SettingFieldProps) {
  return (
    <Field
      label={LABELS[setting]}
      binding={form.field(setting)}
      autoComplete="off"
      inputMode={inputMode}
      readOnly={Boolean(view.fixed[setting])}
      help={fixedHelp(view, setting) ?? help}
    />
  )
}

interface TransportChoiceProps {
  view: SettingsView
  value: Transport
  onChange: (value: Transport) => void
}

function TransportChoice({ view, value, onChange }: TransportChoiceProps) {
  const fixed = Boolean(view.fixed['mail.transport'])
  const options: { value: Transport; label: string }[] = [
    { value: 'development', label: 'Mail log (development)' },
    { value: 'smtp', label: 'SMTP' }
  ]
  return (
    <fieldset className="radio-group">
      <legend>{LABELS['mail.transport']}</legend>
      {options.map((option) => (
        <label key={option.value} className="radio">
          <input
            type="radio"
            name="mail.transport"
            value={option.value}
            checked={value === option.value}
            disabled={fixed}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
      {fixed && <p className="field-help">{fixedHelp(view, 'mail.transport')}</p>}
    </fieldset>
  )
}
