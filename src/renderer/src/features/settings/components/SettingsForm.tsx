import { useState } from 'react'
import type { SettingChanges, SettingKey, SettingsView } from '@shared/settings-schema'
import { Form } from '@/components/Form'
import { SubmitButton } from '@/components/SubmitButton'
import { useApiForm } from '@/hooks/use-api-form'
import { api } from '@/lib/api'
import { withConfirmation } from '@/lib/confirm-its-you'
import {
  checkLocally,
  fromDisplay,
  inFieldUnitsAll,
  TEXT_SETTINGS,
  toDisplay,
  type TextSetting,
  type ToggleSetting
} from '../setting-fields'
import { DirectorySection } from './DirectorySection'
import {
  SettingBox,
  SettingField,
  type IdleAction,
  type SettingControls,
  type TextValues,
  type Transport
} from './setting-controls'
import {
  HashingSection,
  MailSection,
  PasswordsSection,
  TimesSections,
  TwoFactorSettingsSection
} from './SettingsSections'
import { UnusedAccountsSection } from './UnusedAccountsSection'
import { ProbePauses } from './ProbePauses'
import '../settings.css'

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
  const [idleAction, setIdleAction] = useState<IdleAction>(view.values['sessions.idleAction'] as IdleAction)
  const [saved, setSaved] = useState(false)
  const baseline = displayed(view)

  function changesFrom(values: TextValues): SettingChanges {
    const changes: Record<string, unknown> = {}
    for (const key of TEXT_SETTINGS) {
      if (values[key] !== baseline[key] && !view.fixed[key]) changes[key] = fromDisplay(key, values[key])
    }
    for (const [key, value] of Object.entries(toggles)) {
      if (value !== view.values[key as SettingKey]) changes[key] = value
    }
    if (transport !== view.values['mail.transport']) changes['mail.transport'] = transport
    if (idleAction !== view.values['sessions.idleAction']) changes['sessions.idleAction'] = idleAction
    return changes
  }

  const form = useApiForm<TextValues, SettingsView>({
    initial: baseline,
    submit: async (values) => {
      setSaved(false)
      const changes = changesFrom(values)
      const local = checkLocally(view, changes)
      if (local) return { ok: false, error: inFieldUnitsAll(local) }
      const result = await withConfirmation(() => api.adminSaveSettings({ changes }))
      return result.ok ? result : { ok: false, error: inFieldUnitsAll(result.error) }
    },
    onSuccess: (next) => {
      setToggles({})
      setSaved(true)
      onSaved(next)
    }
  })

  const controls: SettingControls = {
    view,
    form,
    text: (key: TextSetting, inputMode = 'numeric', help) => (
      <SettingField key={key} form={form} view={view} setting={key} inputMode={inputMode} help={help} />
    ),
    box: (key: ToggleSetting) => (
      <SettingBox
        key={key}
        view={view}
        setting={key}
        checked={toggles[key] ?? (view.values[key] as boolean)}
        onChange={(checked) => setToggles((current) => ({ ...current, [key]: checked }))}
      />
    )
  }
  const typed = Object.fromEntries(TEXT_SETTINGS.map((key) => [key, form.field(key).value])) as TextValues

  return (
    <Form error={form.formError} pending={form.pending} onSubmit={form.onSubmit}>
      <PasswordsSection {...controls} />
      <HashingSection {...controls} />
      <TimesSections controls={controls} idleAction={idleAction} onIdleAction={setIdleAction} />
      <MailSection controls={controls} transport={transport} onTransport={setTransport} draft={changesFrom(typed)} />
      <TwoFactorSettingsSection {...controls} />
      <UnusedAccountsSection
        field={controls.text('accounts.deactivateAfterDaysUnused', 'numeric', 'Leave empty for never.')}
        typed={typed['accounts.deactivateAfterDaysUnused']}
      />
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
