import { useState } from 'react'
import type { ExportPage, SavedFile } from '@shared/admin-views'
import type { Result } from '@shared/result'
import { messageFor } from '@/lib/messages'

interface ExportState {
  busy: boolean
  rows: number
  error: string | null
  /** Where the desktop app saved the last export. */
  savedTo: string | null
}

const IDLE: ExportState = { busy: false, rows: 0, error: null, savedTo: null }

/**
 * `Export CSV`. In the desktop app main shows the save dialog and writes the file itself, page by
 * page. In the browser preview (no dialog there) this window asks main for page after page (each
 * a few hundred rows, so neither main nor this window is held for long, even at 100,000 rows),
 * then hands the file to the browser's download.
 */
export function ExportCsvButton({
  fileName,
  fetchPage,
  saveToFile
}: {
  fileName: string
  fetchPage: (offset: number) => Promise<Result<ExportPage>>
  saveToFile: () => Promise<Result<SavedFile>>
}) {
  const [state, setState] = useState<ExportState>(IDLE)

  async function download(): Promise<void> {
    const parts: string[] = []
    for (let offset: number | null = 0; offset !== null;) {
      const page = await fetchPage(offset)
      if (!page.ok) return setState({ ...IDLE, error: messageFor(page.error) })
      parts.push(page.data.csv)
      offset = page.data.next
      setState((now) => ({ ...now, rows: offset ?? now.rows }))
    }
    const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }))
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    setState(IDLE)
  }

  async function run(): Promise<void> {
    setState({ ...IDLE, busy: true })
    const saved = await saveToFile()
    if (!saved.ok) return setState({ ...IDLE, error: messageFor(saved.error) })
    if (saved.data.outcome === 'no_dialog') return download()
    setState({ ...IDLE, savedTo: saved.data.outcome === 'saved' ? saved.data.path : null })
  }

  return (
    <>
      <button type="button" className="button button-secondary" onClick={() => void run()} disabled={state.busy}>
        {state.busy ? `Exporting… ${state.rows > 0 ? state.rows.toLocaleString() : ''}` : 'Export CSV'}
      </button>
      {state.savedTo && <span role="status">Saved to {state.savedTo}</span>}
      {state.error && (
        <span role="alert" className="field-error">
          {state.error}
        </span>
      )}
    </>
  )
}
