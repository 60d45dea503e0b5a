import type { SettingsView } from '@shared/settings-schema'
import { useHoldOnLeave } from '@/store/router'
import type { TextSetting, ToggleSetting } from '../setting-fields'
import { useSettingsDraft } from '../use-settings-draft'
import { DirectorySection } from './DirectorySection'
import { SettingBox, SettingField, type SettingControls, type TextOptions } from './setting-controls'
import {
  HashingSection,
  LockoutSection,
  MailSection,
  PasswordsSection,
  ResetCodesSection,
  SessionsSection,
  TwoFactorSettingsSection,
  UnusedAccountsSection
} from './SettingsSections'
import { ProbePauses } from './ProbePauses'
import '../settings.css'

interface SettingsFormProps {
  view: SettingsView
  onSaved: (view: SettingsView) => void
}

/**
 * Every setting an administrator may change, by section, each saved on its own. Only what differs
 * from the values in effect is sent, so a masked SMTP URL left alone is never saved over the real
 * one; main checks everything again with the same schema. Leaving with unsaved edits asks first.
 */
export function SettingsForm({ view, onSaved }: SettingsFormProps) {
  const draft = useSettingsDraft(view, onSaved)
  useHoldOnLeave(draft.dirty)

  const controls: SettingControls = {
    view,
    draft,
    text: (key: TextSetting, options: TextOptions = {}) => (
      <SettingField key={key} draft={draft} view={view} setting={key} {...options} />
    ),
    box: (key: ToggleSetting) => (
      <SettingBox
        key={key}
        view={view}
        setting={key}
        checked={draft.draft[key] as boolean}
        onChange={(checked) => draft.set(key, checked)}
      />
    )
  }

  return (
    <div className="settings-sections">
      <PasswordsSection {...controls} />
      <HashingSection {...controls} />
      <LockoutSection {...controls} />
      <SessionsSection {...controls} />
      <ResetCodesSection {...controls} />
      <MailSection {...controls} />
      <TwoFactorSettingsSection {...controls} />
      <UnusedAccountsSection {...controls} />
      <DirectorySection directory={view.directory} />
      <ProbePauses />
    </div>
  )
}
