import { useEffect, useId, useRef } from 'react'
import '../two-factor.css'

interface RecoveryCodesPanelProps {
  codes: string[]
  onDone: () => void
}

/** The codes, shown this once: main keeps only their hashes. */
export function RecoveryCodesPanel({ codes, onDone }: RecoveryCodesPanelProps) {
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section className="recovery-codes" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Recovery codes
      </h2>
      <p className="section-help">
        If you lose your phone, each of these codes logs you in once instead of an authentication code. Write them down
        or print them and keep them somewhere safe: they are shown only now.
      </p>
      <ul className="recovery-code-list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          I have saved these codes
        </button>
      </div>
    </section>
  )
}
