import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react'
import type { ApiError, Result } from '@shared/result'
import { messageFor, unreachableMessage } from '../lib/messages'

type Values = Record<string, string>

/** What a `<Field>` needs from its form. */
export interface FieldBinding {
  name: string
  value: string
  onChange: (event: ChangeEvent<HTMLInputElement>) => void
  /** Main's failures for this field, in words, all of them. */
  errors: string[]
  inputRef: (element: HTMLInputElement | null) => void
}

export interface ApiForm<V extends Values> {
  field: (name: keyof V & string) => FieldBinding
  /** An error about the whole attempt (wrong credentials, locked out, …), in words. */
  formError: string | null
  pending: boolean
  onSubmit: (event: FormEvent<HTMLFormElement>) => void
  /** Fills fields from elsewhere than the keyboard (a generated password). */
  fill: (values: Partial<V>) => void
  /** Forgets main's last refusal: the form was put back as it was, so the refusal no longer applies. */
  clearErrors: () => void
}

export interface ApiFormOptions<V extends Values, T> {
  /** The payload's fields with their starting values, in the order they appear on screen. */
  initial: V
  submit: (values: V) => Promise<Result<T>>
  onSuccess: (data: T) => void
  onError?: (error: ApiError) => void
  /**
   * Emptied after a failed attempt (passwords), as Django's forms do. A name alone is emptied
   * after any failure; a group (a new password and its confirmation) only when main refused one
   * of its own fields, so a wrong old password or reset code does not make the person retype it.
   */
  clearOnError?: readonly ((keyof V & string) | readonly (keyof V & string)[])[]
  /**
   * Focused after an error about the whole form instead of the first field (whose text is then
   * selected): Log in keeps the name and puts the cursor back in the emptied password.
   */
  focusAfterFormError?: keyof V & string
}

interface Failure {
  fields: Record<string, string[]>
  form: string | null
}

const noFailure: Failure = { fields: {}, form: null }

/** Splits main's error into messages beside this form's fields and one above the form. */
function toFailure(error: ApiError, fieldNames: readonly string[]): Failure {
  const fields: Record<string, string[]> = {}
  let unplaced = false
  for (const [name, errors] of Object.entries(error.fields ?? {})) {
    if (fieldNames.includes(name)) fields[name] = errors.map(messageFor)
    else unplaced = true
  }
  const placed = Object.keys(fields).length > 0
  return { fields, form: placed && !unplaced ? null : messageFor(error) }
}

function fieldsToClear(clearOnError: readonly (string | readonly string[])[], failure: Failure): string[] {
  return clearOnError.flatMap((entry) => {
    if (typeof entry === 'string') return [entry]
    return entry.some((name) => failure.fields[name]) ? [...entry] : []
  })
}

/**
 * A form whose payload goes to one `window.api` call. Main validates; its errors come back
 * beside their fields, all at once. Focus starts on the first field and returns to the first
 * invalid one (or the first field, for an error about the whole form) after each failure.
 */
export function useApiForm<V extends Values, T>(options: ApiFormOptions<V, T>): ApiForm<V> {
  const fieldNames = Object.keys(options.initial) as (keyof V & string)[]
  const [values, setValues] = useState<V>(options.initial)
  const [failure, setFailure] = useState<Failure>(noFailure)
  const [pending, setPending] = useState(false)
  const [failedAttempts, setFailedAttempts] = useState(0)
  const inputs = useRef(new Map<string, HTMLInputElement>())
  const inFlight = useRef(false)

  useEffect(() => {
    const firstInvalid =
      fieldNames.find((name) => failure.fields[name]) ??
      (failedAttempts > 0 ? options.focusAfterFormError : undefined) ??
      fieldNames[0]
    const input = inputs.current.get(firstInvalid)
    input?.focus()
    if (failedAttempts > 0 && firstInvalid !== options.focusAfterFormError) input?.select()
    // On open and after each failed attempt only: never while the user types.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the failure's fields are read as they were at that attempt
  }, [failedAttempts])

  function fail(next: Failure): void {
    setFailure(next)
    const cleared = Object.fromEntries(fieldsToClear(options.clearOnError ?? [], next).map((name) => [name, '']))
    setValues((current) => ({ ...current, ...cleared }))
    setFailedAttempts((count) => count + 1)
  }

  async function run(): Promise<void> {
    let result: Result<T>
    try {
      result = await options.submit(values)
    } catch {
      fail({ fields: {}, form: unreachableMessage() })
      return
    } finally {
      inFlight.current = false
      setPending(false)
    }
    if (result.ok) {
      setFailure(noFailure)
      options.onSuccess(result.data)
    } else {
      fail(toFailure(result.error, fieldNames))
      options.onError?.(result.error)
    }
  }

  return {
    field: (name) => ({
      name,
      value: values[name],
      onChange: (event) => {
        const value = event.target.value
        setValues((current) => ({ ...current, [name]: value }))
      },
      errors: failure.fields[name] ?? [],
      inputRef: (element) => {
        if (element) inputs.current.set(name, element)
        else inputs.current.delete(name)
      }
    }),
    formError: failure.form,
    pending,
    fill: (filled) => setValues((current) => ({ ...current, ...filled })),
    clearErrors: () => setFailure(noFailure),
    onSubmit: (event) => {
      event.preventDefault()
      if (inFlight.current) return
      inFlight.current = true
      setPending(true)
      void run()
    }
  }
}
