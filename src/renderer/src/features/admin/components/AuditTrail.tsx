import { useId, useState } from 'react'
import type { ChannelInput } from '@shared/contract'
import { AUDIT_KINDS } from '../audit-kinds'
import { useDebouncedValue } from '@/hooks/use-debounced-value'
import { useServerQuery } from '@/hooks/use-server-query'
import { AuditTable } from './AuditTable'
import { AuditFilters, type MoreFilters } from './AuditFilters'
import { ExportCsvButton } from './ExportCsvButton'
import { FilterField } from '@/components/FilterField'
import { PageStatus } from '@/components/PageStatus'
import { Pager } from '@/components/Pager'
import '../admin.css'
import { api } from '@/lib/api'

const EVENTS_PER_PAGE = 50
const TYPING_PAUSE_IN_MILLISECONDS = 150

const listAudit = (query: ChannelInput<'adminListAudit'>) => api.adminListAudit(query)

/** The audit trail, newest first, narrowed to one user and/or one kind of event. */
export function AuditTrail({ initialUser }: { initialUser: string }) {
  const [user, setUser] = useState(initialUser)
  const [kind, setKind] = useState('')
  const [more, setMore] = useState<MoreFilters>({ from: '', to: '', outcome: '', search: '' })
  const settledUser = useDebouncedValue(user, TYPING_PAUSE_IN_MILLISECONDS)
  const settledMore = useDebouncedValue(more, TYPING_PAUSE_IN_MILLISECONDS)
  const filter = { user: settledUser, kind, ...settledMore }
  // The page belongs to the filters it was chosen under: new filters start at the newest events.
  const filters = JSON.stringify(filter)
  const [position, setPosition] = useState({ filters, offset: 0 })
  const offset = position.filters === filters ? position.offset : 0
  const events = useServerQuery(listAudit, { ...filter, offset, limit: EVENTS_PER_PAGE })
  const kindId = useId()

  const page = events.data
  const loading = events.loading || user !== settledUser || more !== settledMore
  const filtered = settledUser.trim() !== '' || kind !== '' || Object.values(settledMore).some((value) => value !== '')
  return (
    <div className="console">
      <div className="toolbar">
        <FilterField label="User" value={user} onChange={setUser} placeholder="Exact username" />
        <div className="field filter-field">
          <label htmlFor={kindId}>Kind</label>
          <select id={kindId} value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="">All</option>
            {AUDIT_KINDS.map((option) => (
              <option key={option.kind} value={option.kind}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <AuditFilters value={more} onChange={setMore} error={events.error} />
        <div className="toolbar-actions">
          <ExportCsvButton
            fileName="audit-trail.csv"
            fetchPage={(from) => window.api.adminExportAuditPage({ ...filter, offset: from })}
            saveToFile={() => window.api.adminExportAuditToFile(filter)}
          />
        </div>
      </div>
      <PageStatus page={page} offset={offset} loading={loading} error={events.error} />
      <AuditTable
        rows={page?.rows ?? []}
        loading={loading}
        emptyText={page ? (filtered ? 'No events match these filters.' : 'Nothing recorded yet.') : 'Loading events…'}
      />
      {page && (
        <Pager
          offset={offset}
          pageSize={EVENTS_PER_PAGE}
          total={page.total}
          onGoTo={(next) => setPosition({ filters, offset: next })}
          label="Audit trail pages"
        />
      )}
    </div>
  )
}
