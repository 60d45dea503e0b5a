import { useState } from 'react'
import type { SettingsView } from '@shared/settings-schema'
import { useApiAction } from '@/hooks/use-api-action'
import { checkLocally, describeError } from '../setting-fields'
import { api } from '@/lib/api'

interface MeasureHashingProps {
  view: SettingsView
  /** The three fields as typed (saved or not), in their stored units; NaN where not a number. */
  parameters: { memoryCostInKiB: number; timeCost: number; parallelism: number }
}

/** Hashes once in main with the typed values: how long each login would take on this machine. */
export function MeasureHashing({ view, parameters }: MeasureHashingProps) {
  const [milliseconds, setMilliseconds] = useState<number | null>(null)
  const [localError, setLocalError] = useState<string | null>(null)
  const measureOnce = useApiAction({
    call: (parameters: { memoryCostInKiB: number; timeCost: number; parallelism: number }) =>
      api.adminMeasureHashing(parameters),
    onSuccess: (result) => setMilliseconds(result.milliseconds),
    describe: describeError
  })
  const pending = measureOnce.pending

  function measure(): void {
    const local = checkLocally(view, {
      'passwordHashing.memoryCostInKiB': parameters.memoryCostInKiB,
      'passwordHashing.timeCost': parameters.timeCost,
      'passwordHashing.parallelism': parameters.parallelism
    })
    setMilliseconds(null)
    setLocalError(local ? describeError(local) : null)
    if (!local) measureOnce.run(parameters)
  }
  const error = localError ?? measureOnce.error

  return (
    <div className="measure">
      <button type="button" className="button button-secondary" disabled={pending} onClick={measure}>
        {pending && <span className="spinner" aria-hidden="true" />}
        {pending ? 'Measuring…' : 'Measure'}
      </button>
      <p role="status" className="measure-result">
        {milliseconds !== null ? `One hash takes ${milliseconds} ms with these values on this machine.` : ''}
      </p>
      {error && (
        <p role="alert" className="field-errors">
          {error}
        </p>
      )}
    </div>
  )
}
