import { useEffect, useId, useRef } from 'react'
import { CopyButton } from '@/components/CopyButton'
import { useSession } from '@/store/session'
import { downloadText, RECOVERY_CODES_FILE_NAME, recoveryCodesText } from '../recovery-codes-file'
import '../two-factor.css'

interface RecoveryCodesPanelProps {
  codes: string[]
  onDone: () => void
}

/** The codes, shown this once: main keeps only their hashes. Copy, save or print them before going on. */
export function RecoveryCodesPanel({ codes, onDone }: RecoveryCodesPanelProps) {
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  const username = useSession((state) => state.session?.user?.username ?? null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section className="recovery-codes" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Recovery codes
      </h2>
      <p className="section-help">
        If you lose your phone, each of these codes logs you in once instead of an authentication code. Download, print
        or write them down and keep them somewhere safe: they are shown only now.
      </p>
      <ul className="recovery-code-list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="recovery-code-actions">
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => downloadText(recoveryCodesText(codes, username, new Date()), RECOVERY_CODES_FILE_NAME)}
        >
          Download codes
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => window.print()}>
          Print codes
        </button>
        <CopyButton text={codes.join('\n')} label="Copy codes" what="the codes" />
      </div>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          I have saved these codes
        </button>
      </div>
    </section>
  )
}
