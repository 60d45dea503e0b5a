import { useMailLog } from '../use-mail-log'
import { MailMessage } from './MailMessage'
import '../mail-log.css'
import { countOf } from '@shared/plural'
import { APP_NAME } from '@shared/product'

const count = (n: number): string => countOf(n, 'message', 'messages')

/** The Mail log window: every message the app sent in development, newest first, live. */
export function MailLogPage() {
  const { messages, error, reload } = useMailLog()
  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          {APP_NAME}
        </span>
        <span className="badge badge-end">Development</span>
      </header>
      <main className="mail-log">
        <div className="mail-log-intro">
          <h1>Mail log</h1>
          <p className="lead">
            Messages the app sends are kept here instead of being delivered. Newest first; new ones appear on their own.
          </p>
        </div>
        {error && (
          <div role="alert" className="alert alert-error mail-log-error">
            {error}{' '}
            <button type="button" className="button button-secondary button-small" onClick={reload}>
              Try again
            </button>
          </div>
        )}
        {/* A live region: a screen reader hears when a message arrives. */}
        <p role="status" className="mail-log-count">
          {messages && messages.length > 0 ? count(messages.length) : ''}
        </p>
        {messages && messages.length === 0 && (
          <p className="mail-log-empty">No messages yet. Messages the app sends appear here while it runs.</p>
        )}
        {messages && messages.length > 0 && (
          <ol className="mail-list">
            {messages.map((message) => (
              <li key={message.id}>
                <MailMessage message={message} />
              </li>
            ))}
          </ol>
        )}
      </main>
    </div>
  )
}
