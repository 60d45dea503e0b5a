import type { SettingKey, SettingsView } from '@shared/settings-schema'
import { Checkbox } from '@/components/Checkbox'
import { Field } from '@/components/Field'
import type { ApiForm } from '@/hooks/use-api-form'
import { LABELS, SOURCE_WORDS, type TextSetting, type ToggleSetting } from '../setting-fields'

export type TextValues = Record<TextSetting, string>
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
  form: ApiForm<TextValues>
  text: (key: TextSetting, inputMode?: InputMode, help?: string) => React.JSX.Element
  box: (key: ToggleSetting) => React.JSX.Element
}

interface SettingFieldProps {
  form: ApiForm<TextValues>
  view: SettingsView
  setting: TextSetting
  inputMode: InputMode
  help?: string
}

/** A text setting; read-only, saying where it is set, when settings.json or the environment fix it. */
export function SettingField({ form, view, setting, inputMode, help }: SettingFieldProps) {
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
