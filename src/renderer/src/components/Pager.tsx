import { formatCount, formatTotal } from '../lib/format'
import './data-table.css'

interface PagerProps {
  offset: number
  pageSize: number
  total: number
  /** The total is "at least" (a search with very many matches): more pages may follow it. */
  totalIsLowerBound?: boolean
  onGoTo: (offset: number) => void
  /** What the pages are of, for screen readers: "Accounts pages". */
  label: string
}

/** Previous / Next through a list main pages for us. */
export function Pager({ offset, pageSize, total, totalIsLowerBound = false, onGoTo, label }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(pages, Math.floor(offset / pageSize) + 1)
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        className="button button-secondary"
        disabled={offset === 0}
        onClick={() => onGoTo(Math.max(0, offset - pageSize))}
      >
        Previous
      </button>
      <span className="pager-position">
        Page {formatCount(page)} of {formatTotal(pages, totalIsLowerBound)}
      </span>
      <button
        type="button"
        className="button button-secondary"
        disabled={offset + pageSize >= total}
        onClick={() => onGoTo(offset + pageSize)}
      >
        Next
      </button>
    </nav>
  )
}
