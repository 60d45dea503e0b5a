import { useEffect, useId, useRef } from 'react'
import { useRouter } from '../store/router'

/**
 * Asked when someone leaves a screen that holds unsaved edits (a link, Back): `Keep editing`
 * stays with the edits, `Discard changes` goes where they were going.
 */
export function UnsavedChangesDialog() {
  const leaving = useRouter((state) => state.leaving !== null)
  return leaving ? <AskBeforeLeaving /> : null
}

function AskBeforeLeaving() {
  const stay = useRouter((state) => state.stay)
  const leaveAnyway = useRouter((state) => state.leaveAnyway)
  const headingId = useId()
  const keepEditing = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    keepEditing.current?.focus()
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') stay()
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      if (opener?.isConnected) opener.focus()
    }
  }, [stay])
  return (
    <div className="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby={headingId} className="modal card">
        <h2 id={headingId}>Unsaved changes</h2>
        <p className="lead">Changes on this screen are not saved yet. Leave without them?</p>
        <div className="actions">
          <button ref={keepEditing} type="button" className="button button-primary" onClick={stay}>
            Keep editing
          </button>
          <button type="button" className="button button-secondary" onClick={leaveAnyway}>
            Discard changes
          </button>
        </div>
      </div>
    </div>
  )
}
