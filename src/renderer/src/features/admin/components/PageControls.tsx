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
  const current = Math.floor(offset / limit) + 1
  const pages = Math.max(1, Math.ceil(total / limit))
  // What is typed belongs to the page it was typed on: once the page changes, the field shows it.
  const [draft, setDraft] = useState<{ on: number; text: string } | null>(null)
  const typed = draft?.on === current ? draft.text : String(current)
  const setTyped = (text: string) => setDraft({ on: current, text })
  const jump = () => {
    const page = Math.trunc(Number(typed))
    // A number past the known end goes to the last page; "at least" totals may have more.
    const last = totalIsLowerBound ? Number.MAX_SAFE_INTEGER : pages
    if (Number.isFinite(page) && page >= 1) onGoTo((Math.min(page, last) - 1) * limit)
    else setTyped(String(current))
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
      <form
        className="field page-jump"
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
          onChange={(event) => setTyped(event.target.value)}
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
