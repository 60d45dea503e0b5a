import { api } from '@/lib/api'
import { useState } from 'react'
import type { WorkstationSessionView } from '@shared/views'
import { LoadingOrError } from '@/components/LoadingOrError'
import { TableScroll } from '@/components/TableScroll'
import { useServerQuery } from '@/hooks/use-server-query'
import { formatDateTime } from '@/lib/format'
import { messageFor } from '@/lib/messages'

const STATE_WORDS: Record<WorkstationSessionView['state'], string> = { active: 'Active', locked: 'Locked' }

const listSessions = () => api.adminListSessions({})

/** The sessions table with an End session button per row; the result is said beside the table. */
export function WorkstationSessions() {
  const sessions = useServerQuery(listSessions, null)
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null)

  async function end(row: WorkstationSessionView): Promise<void> {
    const result = await api.adminEndSession({ handle: row.handle })
    if (result.ok) setStatus({ text: `${row.username}'s session ended.`, error: false })
    else {
      setStatus({ text: messageFor(result.error), error: true })
    }
    sessions.reload()
  }

  if (!sessions.data) return <LoadingOrError error={sessions.error} onRetry={sessions.reload} />
  return (
    <>
      <p role={status?.error ? 'alert' : 'status'} className={status?.error ? 'alert alert-error' : 'settings-status'}>
        {status?.text ?? ''}
      </p>
      <TableScroll label="Sessions on this workstation">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">State</th>
              <th scope="col">Since</th>
              <th scope="col">Last activity</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.map((row) => (
              <tr key={row.handle}>
                <td className="cell-name" title={row.username}>
                  {row.username}
                  {row.thisWindow ? ' (this window)' : ''}
                </td>
                <td>{STATE_WORDS[row.state]}</td>
                <td>{formatDateTime(row.since)}</td>
                <td>{formatDateTime(row.lastActivityAt)}</td>
                <td>
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    aria-label={`End session of ${row.username}`}
                    onClick={() => void end(row)}
                  >
                    End session
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  )
}
