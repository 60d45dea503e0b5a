import { useEffect, useState } from 'react'
import type { ProbePauseView } from '@shared/admin-views'
import { unreachableMessage } from '@/lib/messages'
import { api } from '@/lib/api'
import { describeError } from '../setting-fields'

const scopeLabel: Record<ProbePauseView['scope'], string> = {
  sign_up: 'Sign-ups that found a name or address taken',
  reset_code: 'Wrong reset codes'
}

function describe(pause: ProbePauseView): string {
  const slowed =
    pause.slowedUntil !== null
      ? `answers slowed for everyone until ${new Date(pause.slowedUntil).toLocaleTimeString()}`
      : pause.windowsSlowed > 0
        ? `answers slowed in ${pause.windowsSlowed} window${pause.windowsSlowed === 1 ? '' : 's'}`
        : 'not slowed'
  return `${scopeLabel[pause.scope]}: ${pause.failures} in the last 15 minutes, ${slowed}.`
}

/**
 * Probing for names or guessing reset codes is slowed, never stopped (main decides); this shows
 * how much is being slowed and lets an administrator lift it.
 */
export function ProbePauses() {
  const [pauses, setPauses] = useState<ProbePauseView[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function lift(): Promise<void> {
    setPending(true)
    setError(null)
    try {
      const result = await api.adminLiftProbePauses({})
      if (result.ok) setPauses(result.data)
      else {
        setError(describeError(result.error))
      }
    } catch {
      setError(unreachableMessage())
    } finally {
      setPending(false)
    }
  }

  useEffect(() => {
    let open = true
    api.adminGetProbePauses({}).then(
      (result) => {
        if (open && result.ok) setPauses(result.data)
      },
      // Shown only as a summary: the Lift button reports a main that cannot be reached.
      () => undefined
    )
    return () => {
      open = false
    }
  }, [])

  const slowed = pauses?.some((pause) => pause.slowedUntil !== null || pause.windowsSlowed > 0) ?? false
  return (
    <fieldset className="settings-section">
      <legend>Slowed probes</legend>
      <ul className="field-help">
        {pauses?.map((pause) => (
          <li key={pause.scope}>{describe(pause)}</li>
        ))}
      </ul>
      <button
        type="button"
        className="button button-secondary"
        disabled={pending || !slowed}
        onClick={() => void lift()}
      >
        Lift slowing
      </button>
      {error && (
        <p role="alert" className="field-errors">
          {error}
        </p>
      )}
    </fieldset>
  )
}
