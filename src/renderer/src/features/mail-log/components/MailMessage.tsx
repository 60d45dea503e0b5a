import { useId } from 'react'
import type { MailMessageView } from '@shared/admin-views'
import { CopyCodeButton } from './CopyCodeButton'

/** In the reader's own locale and time zone, to the second: messages often arrive close together. */
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

/** One message: subject, to, time, the reset code (if any) with its copy button, then the text. */
export function MailMessage({ message }: { message: MailMessageView }) {
  const id = useId()
  const sentAt = new Date(message.sentAt)
  return (
    <article className="mail" aria-labelledby={`${id}-subject`}>
      <header className="mail-head">
        <h2 id={`${id}-subject`}>{message.subject}</h2>
        <time dateTime={sentAt.toISOString()}>{timeFormat.format(sentAt)}</time>
      </header>
      <dl className="mail-meta">
        <dt>To</dt>
        <dd>{message.to}</dd>
      </dl>
      {message.code && (
        <div className="mail-code">
          <span id={`${id}-code`} className="mail-code-label">
            Reset code
          </span>
          <code className="mail-code-value" aria-labelledby={`${id}-code`}>
            {message.code}
          </code>
          <CopyCodeButton code={message.code} />
        </div>
      )}
      <pre className="mail-body">{message.text}</pre>
    </article>
  )
}
