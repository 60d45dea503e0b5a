import { useEffect, useRef } from 'react'
import type { ChannelInput } from '@shared/contract'
import { RouteLink } from '@/components/RouteLink'
import { route } from '@/lib/routes'
import { ACCOUNTS_PER_PAGE, useConsole } from '../console-store'
import { useArrivalNotice } from '../arrival-notice'
import { useDebouncedValue } from '@/hooks/use-debounced-value'
import { useServerQuery } from '@/hooks/use-server-query'
import { AccountTable } from './AccountTable'
import { ExportCsvButton } from './ExportCsvButton'
import { FilterField } from '@/components/FilterField'
import { PageStatus } from '@/components/PageStatus'
import { Pager } from '@/components/Pager'
import '../admin.css'

/** Long enough that a fast typist sends one request, short enough to feel instant. */
const SEARCH_PAUSE_IN_MILLISECONDS = 150

const listAccounts = (query: ChannelInput<'adminListAccounts'>) => window.api.adminListAccounts(query)

/**
 * Search, sort and page through every account. Main searches, sorts and pages, so the window
 * only ever holds one page of rows, however many accounts there are.
 */
export function AccountsConsole() {
  const { search, sort, direction, offset, setSearch, sortBy, goTo } = useConsole()
  const notice = useArrivalNotice()
  const settledSearch = useDebouncedValue(search, SEARCH_PAUSE_IN_MILLISECONDS)
  const accounts = useServerQuery(listAccounts, {
    search: settledSearch,
    sort,
    direction,
    offset,
    limit: ACCOUNTS_PER_PAGE
  })
  const searchInput = useRef<HTMLInputElement>(null)
  useEffect(() => searchInput.current?.focus(), [])

  const page = accounts.data
  const pastTheEnd = page !== null && offset > 0 && offset >= page.total
  useEffect(() => {
    // Accounts went (deleted, or a narrower search) and this page is now beyond the last.
    if (pastTheEnd) goTo(Math.max(0, Math.ceil(page.total / ACCOUNTS_PER_PAGE) - 1) * ACCOUNTS_PER_PAGE)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the page falls past the end, not on every new total
  }, [pastTheEnd])
  const loading = accounts.loading || search !== settledSearch
  const term = settledSearch.trim()
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
        <div className="toolbar-actions">
          <ExportCsvButton
            fileName="accounts.csv"
            fetchPage={(from) =>
              window.api.adminExportAccountsPage({ search: settledSearch, sort, direction, offset: from })
            }
          />
          <RouteLink to={route('audit-trail')} asButton="secondary">
            Audit trail
          </RouteLink>
          <RouteLink to={route('create-account')} asButton="primary">
            Create account
          </RouteLink>
        </div>
      </div>
      <PageStatus page={page} offset={offset} loading={loading} error={accounts.error} />
      <AccountTable
        rows={page?.rows ?? []}
        sort={sort}
        direction={direction}
        onSort={sortBy}
        loading={loading}
        emptyText={page ? (term ? `No account matches “${term}”.` : 'No accounts yet.') : 'Loading accounts…'}
      />
      {page && (
        <Pager
          offset={offset}
          pageSize={ACCOUNTS_PER_PAGE}
          total={page.total}
          totalIsLowerBound={page.totalIsLowerBound}
          onGoTo={goTo}
          label="Account pages"
        />
      )}
    </div>
  )
}
