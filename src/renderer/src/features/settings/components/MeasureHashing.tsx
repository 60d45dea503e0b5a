import { useState } from 'react'
import type { SettingsView } from '@shared/settings-schema'
import { unreachableMessage } from '@/lib/messages'
import { refreshIfAccessChanged } from '@/lib/access-errors'
import { checkLocally, describeError } from '../setting-fields'

interface MeasureHashingProps {
  view: SettingsView
  /** The three fields as typed, saved or not. */
  memoryCostInKiB: string
  timeCost: string
  parallelism: string
}

type Outcome = { milliseconds: number } | { error: string } | null

/** Hashes once in main with the typed values: how long each login would take on this machine. */
export function MeasureHashing({ view, memoryCostInKiB, timeCost, parallelism }: MeasureHashingProps) {
  const [pending, setPending] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>(null)

  async function measure(): Promise<void> {
    const parameters = {
      memoryCostInKiB: Number(memoryCostInKiB),
      timeCost: Number(timeCost),
      parallelism: Number(parallelism)
    }
    const local = checkLocally(view, {
      'passwordHashing.memoryCostInKiB': parameters.memoryCostInKiB,
      'passwordHashing.timeCost': parameters.timeCost,
      'passwordHashing.parallelism': parameters.parallelism
    })
    if (local) return setOutcome({ error: describeError(local) })
    setPending(true)
    setOutcome(null)
    try {
      const result = await window.api.adminMeasureHashing(parameters)
      if (result.ok) return setOutcome(result.data)
      refreshIfAccessChanged(result.error)
      setOutcome({ error: describeError(result.error) })
    } catch {
      setOutcome({ error: unreachableMessage() })
    } finally {
      setPending(false)
    }
  }

  return (
    <div className="measure">
      <button type="button" className="button button-secondary" disabled={pending} onClick={() => void measure()}>
        {pending && <span className="spinner" aria-hidden="true" />}
        {pending ? 'Measuring…' : 'Measure'}
      </button>
      <p role="status" className="measure-result">
        {outcome && 'milliseconds' in outcome
          ? `One hash takes ${outcome.milliseconds} ms with these values on this machine.`
          : ''}
      </p>
      {outcome && 'error' in outcome && (
        <p role="alert" className="field-errors">
          {outcome.error}
        </p>
      )}
    </div>
  )
}
