import { useEffect, useState } from 'react'
import './copy.css'

/** How long "Copied" stays next to the button. */
const FEEDBACK_IN_MILLISECONDS = 2000

type CopyState = 'idle' | 'copied' | 'failed'

interface CopyButtonProps {
  text: string
  /** The button's words: `Copy code`, `Copy key`, `Copy codes`. */
  label: string
  /** What to select by hand when the clipboard is refused: "the code", "the key". */
  what: string
}

/**
 * Puts `text` on the clipboard. Where the clipboard is refused (no permission, no focus), it
 * says so: the text itself is on screen to select and copy by hand.
 */
export function CopyButton({ text, label, what }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>('idle')

  useEffect(() => {
    if (state !== 'copied') return
    const timer = window.setTimeout(() => setState('idle'), FEEDBACK_IN_MILLISECONDS)
    return () => window.clearTimeout(timer)
  }, [state])

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      setState('failed')
    }
  }

  return (
    <>
      <button type="button" className="button button-secondary button-small" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className={`copy-status copy-status-${state}`}>
        {state === 'copied' && 'Copied'}
        {state === 'failed' && `Could not copy: select ${what} and copy it by hand.`}
      </span>
    </>
  )
}
