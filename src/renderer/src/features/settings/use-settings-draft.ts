import { useRef, useState } from 'react'
import type { ApiError } from '@shared/result'
import { SETTING_KEYS, type SettingKey, type SettingsView } from '@shared/settings-schema'
import type { FieldBinding } from '@/hooks/use-api-form'
import { api } from '@/lib/api'
import { withConfirmation } from '@/lib/confirm-its-you'
import { messageFor, NO_CHANGES_TO_SAVE, unreachableMessage } from '@/lib/messages'
import {
  changesIn,
  checkDraft,
  inFieldUnitsAll,
  isText,
  SECTIONS,
  toDisplay,
  type Draft,
  type SectionId,
  type TextSetting
} from './setting-fields'

export interface SectionState {
  pending: boolean
  /** `Settings saved`, `No changes to save.`, or nothing. */
  status: string
  /** A failure about the whole section (main did not answer, an error for no field of it). */
  error: string | null
}

const IDLE: SectionState = { pending: false, status: '', error: null }

const SETTINGS_SAVED = 'Settings saved'

function draftOf(view: SettingsView, keys: readonly SettingKey[]): Partial<Draft> {
  return Object.fromEntries(
    keys.map((key) => [key, isText(key) ? toDisplay(key, view.values[key]) : (view.values[key] as string | boolean)])
  )
}

export interface SettingsDraft {
  draft: Draft
  set: (key: SettingKey, value: string | boolean) => void
  binding: (key: TextSetting) => FieldBinding
  section: (id: SectionId) => SectionState
  save: (id: SectionId) => Promise<void>
  /** Whether anything typed or chosen differs from what is in effect. */
  dirty: boolean
}

/**
 * The Settings screen's edits, saved section by section: a section's Save sends only its own
 * changes (after Confirm it's you), says `No changes to save.` when there are none, and places
 * errors beside their fields. Edits in other sections stay as typed.
 */
export function useSettingsDraft(view: SettingsView, onSaved: (view: SettingsView) => void): SettingsDraft {
  const [draft, setDraft] = useState<Draft>(() => draftOf(view, SETTING_KEYS) as Draft)
  const [errors, setErrors] = useState<Partial<Record<SettingKey, string[]>>>({})
  const [sections, setSections] = useState<Partial<Record<SectionId, SectionState>>>({})
  const inputs = useRef(new Map<string, HTMLInputElement>())
  const sectionOf = (key: SettingKey): SectionId | undefined =>
    (Object.keys(SECTIONS) as SectionId[]).find((id) => (SECTIONS[id].keys as readonly string[]).includes(key))
  const update = (id: SectionId, state: Partial<SectionState>): void =>
    setSections((current) => ({ ...current, [id]: { ...IDLE, ...current[id], ...state } }))

  function set(key: SettingKey, value: string | boolean): void {
    setDraft((current) => ({ ...current, [key]: value }))
    const id = sectionOf(key)
    if (id && sections[id]?.status) update(id, { status: '' })
  }

  function fail(id: SectionId, error: ApiError): void {
    const keys: readonly SettingKey[] = SECTIONS[id].keys
    const placed = Object.entries(error.fields ?? {}).filter(([key]) => (keys as readonly string[]).includes(key))
    setErrors((current) => ({
      ...Object.fromEntries(Object.entries(current).filter(([key]) => !(keys as readonly string[]).includes(key))),
      ...Object.fromEntries(placed.map(([key, list]) => [key, list.map(messageFor)]))
    }))
    const unplaced = placed.length === 0 || placed.length < Object.keys(error.fields ?? {}).length
    update(id, { pending: false, status: '', error: unplaced ? messageFor(error) : null })
    inputs.current.get(placed[0]?.[0] ?? '')?.focus()
  }

  function succeed(id: SectionId, next: SettingsView, status: string): void {
    const keys: readonly SettingKey[] = SECTIONS[id].keys
    setDraft((current) => ({ ...current, ...draftOf(next, keys) }))
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([key]) => !(keys as readonly string[]).includes(key)))
    )
    update(id, { pending: false, status, error: null })
    if (next !== view) onSaved(next)
  }

  async function save(id: SectionId): Promise<void> {
    if (sections[id]?.pending) return
    const keys: readonly SettingKey[] = SECTIONS[id].keys
    const changes = changesIn(view, draft, keys)
    if (Object.keys(changes).length === 0) return succeed(id, view, NO_CHANGES_TO_SAVE)
    const typed = Object.fromEntries(
      (Object.keys(changes) as SettingKey[]).filter(isText).map((key) => [key, String(draft[key])])
    )
    const local = checkDraft(view, typed, changes)
    if (local) return fail(id, local)
    update(id, { pending: true, status: '', error: null })
    try {
      const result = await withConfirmation(() => api.adminSaveSettings({ changes }))
      if (result.ok) succeed(id, result.data, SETTINGS_SAVED)
      else fail(id, inFieldUnitsAll(result.error))
    } catch {
      update(id, { pending: false, error: unreachableMessage() })
    }
  }

  return {
    draft,
    set,
    binding: (key) => ({
      name: key,
      value: String(draft[key]),
      onChange: (event) => set(key, event.target.value),
      errors: errors[key] ?? [],
      inputRef: (element) => {
        if (element) inputs.current.set(key, element)
        else inputs.current.delete(key)
      }
    }),
    section: (id) => sections[id] ?? IDLE,
    save,
    dirty: Object.keys(changesIn(view, draft, SETTING_KEYS)).length > 0
  }
}
