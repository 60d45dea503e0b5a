import { useId } from 'react'
import type { MailMessageView } from '@shared/admin-views'
import { utcTime } from '@shared/clock-words'
import { CopyButton } from '@/components/CopyButton'
import { displayEmail } from '@/lib/idn'

/** One message: subject, to, time, the reset code (if any) with its copy button, then the text. */
export function MailMessage({ message }: { message: MailMessageView }) {
  const id = useId()
  const sentAt = new Date(message.sentAt)
  return (
    <article className="mail" aria-labelledby={`${id}-subject`}>
      <header className="mail-head">
        <h2 id={`${id}-subject`}>{message.subject}</h2>
        {/* In UTC, to the second, as the message's own text gives its times: the two always agree. */}
        <time dateTime={sentAt.toISOString()}>{utcTime(message.sentAt, true)}</time>
      </header>
      <dl className="mail-meta">
        <dt>To</dt>
        <dd>{displayEmail(message.to)}</dd>
      </dl>
      {message.code && (
        <div className="mail-code">
          <span id={`${id}-code`} className="mail-code-label">
            Reset code
          </span>
          <code className="mail-code-value" aria-labelledby={`${id}-code`}>
            {message.code}
          </code>
          <CopyButton text={message.code} label="Copy code" what="the code" />
        </div>
      )}
      <pre className="mail-body">{message.text}</pre>
    </article>
  )
}
