import { useEffect, useState } from 'react'

/** How long "Copied" stays next to the button. */
const FEEDBACK_IN_MILLISECONDS = 2000

type CopyState = 'idle' | 'copied' | 'failed'

/**
 * Puts the code on the clipboard. Where the clipboard is refused (no permission, no focus),
 * it says so: the code itself selects with one click, so copying by hand still works.
 */
export function CopyCodeButton({ code }: { code: string }) {
  const [state, setState] = useState<CopyState>('idle')

  useEffect(() => {
    if (state !== 'copied') return
    const timer = window.setTimeout(() => setState('idle'), FEEDBACK_IN_MILLISECONDS)
    return () => window.clearTimeout(timer)
  }, [state])

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(code)
      setState('copied')
    } catch {
      setState('failed')
    }
  }

  return (
    <>
      <button type="button" className="button button-secondary button-small" onClick={() => void copy()}>
        Copy code
      </button>
      <span role="status" className={`copy-status copy-status-${state}`}>
        {state === 'copied' && 'Copied'}
        {state === 'failed' && 'Could not copy: select the code and copy it by hand.'}
      </span>
    </>
  )
}
