import type { AuditEventView } from '@shared/admin-views'
import { auditKindLabel } from '../audit-kinds'
import { formatDateTimeSeconds } from '@/lib/format'
import { TableScroll } from '@/components/TableScroll'
import { Flag } from './Flag'

interface AuditTableProps {
  rows: AuditEventView[]
  loading: boolean
  emptyText: string
}

/** Events, newest first, as main pages them. A missing actor is nobody signed in (a failed login). */
export function AuditTable({ rows, loading, emptyText }: AuditTableProps) {
  return (
    <TableScroll label="Audit events">
      <table
        className={loading ? 'data-table audit-table data-table-loading' : 'data-table audit-table'}
        aria-busy={loading || undefined}
      >
        {/* Fixed widths: a 150-character name is cut, and never pushes Kind, Outcome and Detail away. */}
        <colgroup>
          <col className="audit-col-time" />
          <col className="audit-col-name" />
          <col className="audit-col-name" />
          <col className="audit-col-kind" />
          <col className="audit-col-outcome" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Subject</th>
            <th scope="col">Kind</th>
            <th scope="col">Outcome</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="table-empty">
                {emptyText}
              </td>
            </tr>
          )}
          {rows.map((event) => (
            <tr key={event.id}>
              <td className="nowrap">{formatDateTimeSeconds(event.at)}</td>
              <NameCell name={event.actorUsername} />
              <NameCell name={event.subjectUsername} />
              <td>{auditKindLabel(event.kind)}</td>
              <td>
                {event.outcome === 'success' ? (
                  <Flag text="Success" tone="plain" />
                ) : (
                  <Flag text="Failure" tone="warn" />
                )}
              </td>
              <td className="detail-cell">{event.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

/** A username cut with an ellipsis where the column ends, whole on hover (and to screen readers). */
function NameCell({ name }: { name: string | null }) {
  if (name === null)
    return (
      <td>
        <span className="muted">—</span>
      </td>
    )
  return (
    <td className="cell-clip" title={name}>
      {name}
    </td>
  )
}
