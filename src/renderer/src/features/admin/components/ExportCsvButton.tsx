import { useState } from 'react'
import type { ExportPage } from '@shared/admin-views'
import type { Result } from '@shared/result'
import { messageFor } from '@/lib/messages'

/**
 * `Export CSV`: asks main for page after page (each a few hundred rows, so neither main nor this
 * window is held for long, even at 100,000 rows), then hands the file to the browser's download
 * (in the desktop app, Electron asks where to save it).
 */
export function ExportCsvButton({
  fileName,
  fetchPage
}: {
  fileName: string
  fetchPage: (offset: number) => Promise<Result<ExportPage>>
}) {
  const [state, setState] = useState<{ busy: boolean; rows: number; error: string | null }>({
    busy: false,
    rows: 0,
    error: null
  })

  async function run(): Promise<void> {
    setState({ busy: true, rows: 0, error: null })
    const parts: string[] = []
    for (let offset: number | null = 0; offset !== null;) {
      const page = await fetchPage(offset)
      if (!page.ok) return setState({ busy: false, rows: 0, error: messageFor(page.error) })
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
    setState({ busy: false, rows: 0, error: null })
  }

  return (
    <>
      <button type="button" className="button button-secondary" onClick={() => void run()} disabled={state.busy}>
        {state.busy ? `Exporting… ${state.rows > 0 ? state.rows.toLocaleString() : ''}` : 'Export CSV'}
      </button>
      {state.error && (
        <span role="alert" className="field-error">
          {state.error}
        </span>
      )}
    </>
  )
}
