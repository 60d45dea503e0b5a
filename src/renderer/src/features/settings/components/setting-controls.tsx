import type { SettingKey, SettingsView } from '@shared/settings-schema'
import { Checkbox } from '@/components/Checkbox'
import { Field } from '@/components/Field'
import { boundsHint, LABELS, SOURCE_WORDS, type TextSetting, type ToggleSetting } from '../setting-fields'
import type { SettingsDraft } from '../use-settings-draft'

export type Transport = 'development' | 'smtp'
export type InputMode = 'numeric' | 'decimal' | 'url' | 'email'

/** Where a setting fixed by settings.json or the environment is set, or undefined when the screen may change it. */
export const fixedHelp = (view: SettingsView, key: SettingKey): string | undefined => {
  const source = view.fixed[key]
  return source ? SOURCE_WORDS[source] : undefined
}

/** What each section needs to draw its settings: a text field or a checkbox for a key. */
export interface SettingControls {
  view: SettingsView
  draft: SettingsDraft
  text: (key: TextSetting, options?: TextOptions) => React.JSX.Element
  box: (key: ToggleSetting) => React.JSX.Element
}

export interface TextOptions {
  inputMode?: InputMode
  /** Said under the field after its range (`1–36500 days. Leave empty for never.`). */
  help?: string
  /** An option of a check that is off: shown, not editable. */
  disabled?: boolean
}

interface SettingFieldProps extends TextOptions {
  draft: SettingsDraft
  view: SettingsView
  setting: TextSetting
}

/**
 * A text setting with its range as a hint; read-only, saying where it is set, when settings.json or
 * the environment fix it.
 */
export function SettingField({ draft, view, setting, inputMode = 'numeric', help, disabled }: SettingFieldProps) {
  const range = boundsHint(setting)
  const hint = range && help ? `${range}. ${help}` : (range ?? help)
  return (
    <Field
      label={LABELS[setting]}
      binding={draft.binding(setting)}
      autoComplete="off"
      inputMode={inputMode}
      readOnly={Boolean(view.fixed[setting])}
      disabled={disabled}
      help={fixedHelp(view, setting) ?? hint}
    />
  )
}

interface SettingBoxProps {
  view: SettingsView
  setting: ToggleSetting
  checked: boolean
  onChange: (checked: boolean) => void
}

/** A yes/no setting; disabled, saying where it is set, when fixed. */
export function SettingBox({ view, setting, checked, onChange }: SettingBoxProps) {
  return (
    <Checkbox
      label={LABELS[setting]}
      checked={checked}
      disabled={Boolean(view.fixed[setting])}
      onChange={onChange}
      help={fixedHelp(view, setting)}
    />
  )
}

export type IdleAction = 'lock' | 'logOut'

/** The settings chosen among a few named values, each with its options' words. */
export const CHOICES = {
  'mail.transport': [
    { value: 'development', label: 'Mail log (development)' },
    { value: 'smtp', label: 'SMTP' }
  ],
  'sessions.idleAction': [
    { value: 'lock', label: 'Lock' },
    { value: 'logOut', label: 'Log out' }
  ]
} as const satisfies Record<string, readonly { value: string; label: string }[]>

interface RadioChoiceProps<K extends keyof typeof CHOICES> {
  view: SettingsView
  setting: K
  value: (typeof CHOICES)[K][number]['value']
  onChange: (value: (typeof CHOICES)[K][number]['value']) => void
}

export function RadioChoice<K extends keyof typeof CHOICES>({ view, setting, value, onChange }: RadioChoiceProps<K>) {
  const fixed = Boolean(view.fixed[setting])
  const options: readonly { value: (typeof CHOICES)[K][number]['value']; label: string }[] = CHOICES[setting]
  return (
    <fieldset className="radio-group">
      <legend>{LABELS[setting]}</legend>
      {options.map((option) => (
        <label key={option.value} className="radio">
          <input
            type="radio"
            name={setting}
            value={option.value}
            checked={value === option.value}
            disabled={fixed}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
      {fixed && <p className="field-help">{fixedHelp(view, setting)}</p>}
    </fieldset>
  )
}
