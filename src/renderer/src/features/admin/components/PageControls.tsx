import { useState } from 'react'
import { Pager } from '@/components/Pager'
import { PAGE_SIZES } from '../console-store'

interface PageControlsProps {
  offset: number
  limit: number
  total: number
  totalIsLowerBound: boolean
  onGoTo: (offset: number) => void
  onLimit: (limit: number) => void
}

/** Below the accounts: Previous / Next, a page number to jump to, and `Rows per page`. */
export function PageControls({ offset, limit, total, totalIsLowerBound, onGoTo, onLimit }: PageControlsProps) {
  const pages = Math.max(1, Math.ceil(total / limit))
  // The page the rows are from, as the pager says it (an offset past a known end reads as the last page).
  const current = Math.min(totalIsLowerBound ? Number.MAX_SAFE_INTEGER : pages, Math.floor(offset / limit) + 1)
  // What is typed lasts until it is acted on or the page changes, for whatever reason (a search,
  // Show, Rows per page, a sort, Previous / Next): then the field shows the page shown again.
  const view = `${offset}/${limit}`
  const [draft, setDraft] = useState<{ view: string; text: string } | null>(null)
  const typed = draft?.view === view ? draft.text : String(current)
  const jump = () => {
    setDraft(null)
    const page = Math.trunc(Number(typed))
    // Not a number (an empty field): nothing moves and the field shows the page again. A number
    // outside the pages goes to the nearest one; "at least" totals may have more past the last.
    if (typed.trim() === '' || !Number.isFinite(page)) return
    const last = totalIsLowerBound ? Number.MAX_SAFE_INTEGER : pages
    const target = (Math.min(Math.max(page, 1), last) - 1) * limit
    if (target !== offset) onGoTo(target)
  }
  return (
    <div className="page-controls">
      <Pager
        offset={offset}
        pageSize={limit}
        total={total}
        totalIsLowerBound={totalIsLowerBound}
        onGoTo={onGoTo}
        label="Account pages"
      />
      {/* noValidate: on Enter the browser would refuse 0 or a number past the last; `jump` goes to the nearest page. */}
      <form
        className="field page-jump"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          jump()
        }}
      >
        <label htmlFor="page-number">Page number</label>
        <input
          id="page-number"
          type="number"
          min={1}
          max={totalIsLowerBound ? undefined : pages}
          value={typed}
          onChange={(event) => setDraft({ view, text: event.target.value })}
          onBlur={jump}
        />
      </form>
      <div className="field page-size">
        <label htmlFor="rows-per-page">Rows per page</label>
        <select id="rows-per-page" value={limit} onChange={(event) => onLimit(Number(event.target.value))}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
    </div>
  )
}
