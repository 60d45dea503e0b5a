import type { AuditEventView, ExportPage } from '../../../shared/admin-views'
import { csvRecord } from '../admin/csv'
import type { AuditFilterQuery, AuditLog } from './audit-log'

export const AUDIT_COLUMNS = ['time', 'kind', 'outcome', 'actor', 'subject', 'detail'] as const

const EXPORT_PAGE_EVENTS = 500

type ExportedEvent = Record<(typeof AUDIT_COLUMNS)[number], string | null>

/** Times to the second, in UTC with its Z, so a SIEM and a spreadsheet read them alike. */
export const exportedEvent = (event: AuditEventView): ExportedEvent => ({
  time: new Date(event.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  kind: event.kind,
  outcome: event.outcome,
  actor: event.actorUsername,
  subject: event.subjectUsername,
  detail: event.detail
})

export const auditCsvRecord = (event: AuditEventView): string => {
  const exported = exportedEvent(event)
  return csvRecord(AUDIT_COLUMNS.map((column) => exported[column]))
}

export const AUDIT_CSV_HEADER = csvRecord(AUDIT_COLUMNS)

/** The Audit trail's Export CSV: the current filter, newest first as on screen, a page at a time. */
export function auditCsvPage(audit: AuditLog, query: AuditFilterQuery, offset: number): ExportPage {
  const { rows } = audit.list({ ...query, offset, limit: EXPORT_PAGE_EVENTS })
  const header = offset === 0 ? AUDIT_CSV_HEADER : ''
  return {
    csv: header + rows.map(auditCsvRecord).join(''),
    next: rows.length < EXPORT_PAGE_EVENTS ? null : offset + EXPORT_PAGE_EVENTS
  }
}
