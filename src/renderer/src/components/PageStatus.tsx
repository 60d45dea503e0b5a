import type { ApiError } from '@shared/result'
import { messageFor } from '../lib/messages'
import { describeRange } from '../lib/format'
import './data-table.css'

interface PageStatusProps {
  /** The page shown, or null before the first answer. */
  page: { rows: readonly unknown[]; total: number; totalIsLowerBound?: boolean } | null
  offset: number
  loading: boolean
  error: ApiError | null
}

/**
 * Above a table main pages for us: why the last query failed, which rows are shown, and
 * whether newer ones are on their way. Announced as the rows change.
 */
export function PageStatus({ page, offset, loading, error }: PageStatusProps) {
  return (
    <>
      {error && (
        <div role="alert" className="alert alert-error">
          {messageFor(error)}
        </div>
      )}
      <p className="table-summary" role="status">
        {page ? describeRange(offset, page.rows.length, page.total, page.totalIsLowerBound) : ''}
        {loading && (
          <span className="loading">
            <span className="spinner" aria-hidden="true" />
            Loading…
          </span>
        )}
      </p>
    </>
  )
}
