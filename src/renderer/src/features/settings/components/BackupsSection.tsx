import { useState } from 'react'
import type { ApiError } from '@shared/result'
import { formatCount, formatDateTimeSeconds } from '@/lib/format'
import { messageFor } from '@/lib/messages'
import { useServerQuery } from '@/hooks/use-server-query'

const listBackups = () => window.api.adminListBackups({})

/** `Backups`: Back up now, and the copies in <data folder>/backups with their time and size. */
export function BackupsSection() {
  const backups = useServerQuery(listBackups, null)
  const [state, setState] = useState<{ busy: boolean; error: ApiError | null; made: string | null }>({
    busy: false,
    error: null,
    made: null
  })
  async function backUpNow(): Promise<void> {
    setState({ busy: true, error: null, made: null })
    const result = await window.api.adminBackUpNow({})
    setState({ busy: false, error: result.ok ? null : result.error, made: result.ok ? result.data.name : null })
    backups.reload()
  }
  return (
    <section className="settings-section" aria-labelledby="backups-heading">
      <h2 id="backups-heading">Backups</h2>
      <p>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void backUpNow()}
          disabled={state.busy}
        >
          {state.busy ? 'Backing up…' : 'Back up now'}
        </button>
      </p>
      <p role="status" className="settings-status">
        {state.made ? `Backed up to ${state.made}` : ''}
      </p>
      {state.error && (
        <div role="alert" className="alert alert-error">
          {messageFor(state.error)}
        </div>
      )}
      {backups.data && backups.data.length === 0 && <p className="muted">No backups yet.</p>}
      {backups.data && backups.data.length > 0 && (
        <table className="data-table" aria-label="Backups, newest first">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">File</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {backups.data.map((backup) => (
              <tr key={backup.name}>
                <td className="nowrap">{formatDateTimeSeconds(backup.at)}</td>
                <td>{backup.name}</td>
                <td className="nowrap">{formatCount(Math.ceil(backup.bytes / 1024))} KB</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
