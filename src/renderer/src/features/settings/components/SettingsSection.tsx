import type { ReactNode } from 'react'
import { SECTIONS, type SectionId } from '../setting-fields'
import type { SettingsDraft } from '../use-settings-draft'

interface SettingsSectionProps {
  id: SectionId
  draft: SettingsDraft
  children: ReactNode
}

/**
 * One part of the settings as its own form: its `Save` (named `Save Lockout settings` for a screen
 * reader) sends only this section's changes, and says beside itself what happened.
 */
export function SettingsSection({ id, draft, children }: SettingsSectionProps) {
  const { title } = SECTIONS[id]
  const state = draft.section(id)
  return (
    <form
      className="form settings-form"
      noValidate
      aria-busy={state.pending || undefined}
      onSubmit={(event) => {
        event.preventDefault()
        void draft.save(id)
      }}
    >
      <fieldset className="settings-section">
        <legend>{title}</legend>
        {children}
        {state.error && (
          <div role="alert" className="alert alert-error">
            {state.error}
          </div>
        )}
        <div className="settings-save">
          <button
            type="submit"
            className="button button-primary"
            aria-label={`Save ${title} settings`}
            disabled={state.pending}
            aria-busy={state.pending || undefined}
          >
            {state.pending && <span className="spinner" aria-hidden="true" />}
            {state.pending ? 'Saving…' : 'Save'}
          </button>
          <p role="status" className="settings-status">
            {state.status}
          </p>
        </div>
      </fieldset>
    </form>
  )
}
