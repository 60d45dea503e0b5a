import { useEffect, useId, useRef } from 'react'
import type { ChannelInput } from '@shared/contract'
import { RouteLink } from '@/components/RouteLink'
import { route } from '@/lib/routes'
import { consoleQuery, useConsole, type AccountShow } from '../console-store'
import { useArrivalNotice } from '../arrival-notice'
import { useDebouncedValue } from '@/hooks/use-debounced-value'
import { useServerQuery } from '@/hooks/use-server-query'
import { AccountTable } from './AccountTable'
import { PageControls } from './PageControls'
import { ExportCsvButton } from './ExportCsvButton'
import { FilterField } from '@/components/FilterField'
import { PageStatus } from '@/components/PageStatus'
import '../admin.css'
import { api } from '@/lib/api'

/** Long enough that a fast typist sends one request, short enough to feel instant. */
const SEARCH_PAUSE_IN_MILLISECONDS = 150

const listAccounts = (query: ChannelInput<'adminListAccounts'>) => api.adminListAccounts(query)

/**
 * Search, sort and page through every account. Main searches, sorts and pages, so the window
 * only ever holds one page of rows, however many accounts there are.
 */
export function AccountsConsole() {
  const state = useConsole()
  const { search, show, offset, limit, setSearch, setShow, setLimit, sortBy, goTo } = state
  const notice = useArrivalNotice()
  const settledSearch = useDebouncedValue(search, SEARCH_PAUSE_IN_MILLISECONDS)
  const accounts = useServerQuery(listAccounts, consoleQuery(state, settledSearch))
  const searchInput = useRef<HTMLInputElement>(null)
  useEffect(() => searchInput.current?.focus(), [])
  const showId = useId()

  const page = accounts.data
  const pastTheEnd = page !== null && offset > 0 && offset >= page.total
  useEffect(() => {
    // Accounts went (deleted, or a narrower search) and this page is now beyond the last.
    if (pastTheEnd) goTo(Math.max(0, Math.ceil(page.total / limit) - 1) * limit)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the page falls past the end, not on every new total
  }, [pastTheEnd])
  const loading = accounts.loading || search !== settledSearch
  const term = settledSearch.trim()
  // Nothing found is said once, in the table, not also as "Showing 0 of 0" above it.
  const nothing = page !== null && page.total === 0
  // The current search, filter and sort: every matching row, not one screen's.
  const exportQuery = () => {
    const { limit: _limit, offset: _offset, ...query } = consoleQuery(state, settledSearch)
    return query
  }
  return (
    <div className="console">
      {notice && (
        <div role="status" className="alert alert-notice">
          {notice}
        </div>
      )}
      <div className="toolbar">
        <FilterField
          label="Search"
          value={search}
          onChange={setSearch}
          placeholder="Username or email"
          inputRef={searchInput}
        />
        <div className="field filter-field filter-field-narrow">
          <label htmlFor={showId}>Show</label>
          <select id={showId} value={show} onChange={(event) => setShow(event.target.value as AccountShow)}>
            {SHOW_OPTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <ConsoleActions
          exportPage={(from) => api.adminExportAccountsPage({ ...exportQuery(), offset: from })}
          saveToFile={() => api.adminExportAccountsToFile(exportQuery())}
        />
      </div>
      <PageStatus page={nothing ? null : page} offset={offset} loading={loading} error={accounts.error} />
      <AccountTable
        rows={page?.rows ?? []}
        sort={state.sort}
        direction={state.direction}
        onSort={sortBy}
        loading={loading}
        emptyText={page ? emptyText(term, show) : 'Loading accounts…'}
      />
      {page && !nothing && (
        <PageControls
          offset={offset}
          limit={limit}
          total={page.total}
          totalIsLowerBound={page.totalIsLowerBound}
          onGoTo={goTo}
          onLimit={setLimit}
        />
      )}
    </div>
  )
}

const SHOW_OPTIONS: [AccountShow, string][] = [
  ['all', 'All'],
  ['locked', 'Locked'],
  ['deactivated', 'Deactivated'],
  ['admins', 'Administrators'],
  ['twoFactorOff', 'Two-factor off']
]

function emptyText(term: string, show: AccountShow): string {
  if (term) return `No account matches “${term}”.`
  return show === 'all' ? 'No accounts yet.' : 'No account is in this group.'
}

/** The console's way out: its rows as CSV, the audit trail, the sessions, a new account. */
function ConsoleActions({
  exportPage,
  saveToFile
}: {
  exportPage: (from: number) => ReturnType<typeof api.adminExportAccountsPage>
  saveToFile: () => ReturnType<typeof api.adminExportAccountsToFile>
}) {
  return (
    <div className="toolbar-actions">
      <ExportCsvButton fileName="accounts.csv" fetchPage={exportPage} saveToFile={saveToFile} />
      <RouteLink to={route('audit-trail')} asButton="secondary">
        Audit trail
      </RouteLink>
      <RouteLink to={route('sessions')} asButton="secondary">
        Sessions
      </RouteLink>
      <RouteLink to={route('create-account')} asButton="primary">
        Create account
      </RouteLink>
    </div>
  )
}
