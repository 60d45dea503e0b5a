import { create } from 'zustand'
import type { ChannelInput } from '@shared/contract'
import { forgetOnSignOut } from '@/store/session'

type AccountQuery = ChannelInput<'adminListAccounts'>
export type AccountSortKey = AccountQuery['sort']
export type SortDirection = AccountQuery['direction']
export type AccountShow = NonNullable<AccountQuery['show']>

export const ACCOUNTS_PER_PAGE = 50
/** The `Rows per page` choices. */
export const PAGE_SIZES = [25, 50, 100] as const

/** The way a column sorts on its first click: dates newest first, administrators first. */
const firstDirection: Record<AccountSortKey, SortDirection> = {
  username: 'asc',
  email: 'asc',
  isAdmin: 'desc',
  isActive: 'asc',
  lastLoginAt: 'desc',
  joinedAt: 'desc',
  isLocked: 'desc',
  twoFactor: 'asc'
}

interface ConsoleState {
  /** What the Search box holds (the request waits until typing pauses). */
  search: string
  /** The `Show` select. */
  show: AccountShow
  sort: AccountSortKey
  direction: SortDirection
  offset: number
  /** Rows per page. */
  limit: number
  setSearch: (search: string) => void
  setShow: (show: AccountShow) => void
  setLimit: (limit: number) => void
  /** The column's first direction, or the other one when it is already the sort. */
  sortBy: (key: AccountSortKey) => void
  goTo: (offset: number) => void
}

/**
 * The Accounts console's view: kept while the admin opens an account and comes back, so the
 * search, sort and page are where they left them.
 */
const START = {
  search: '',
  show: 'all',
  sort: 'username',
  direction: 'asc',
  offset: 0,
  limit: ACCOUNTS_PER_PAGE
} as const

export const useConsole = create<ConsoleState>()((set) => ({
  ...START,
  setSearch: (search) => set({ search, offset: 0 }),
  setShow: (show) => set({ show, offset: 0 }),
  // The first row shown stays on the new page.
  setLimit: (limit) => set((state) => ({ limit, offset: Math.floor(state.offset / limit) * limit })),
  sortBy: (key) =>
    set((state) => ({
      sort: key,
      direction: state.sort === key ? (state.direction === 'asc' ? 'desc' : 'asc') : firstDirection[key],
      offset: 0
    })),
  goTo: (offset) => set({ offset })
}))

/**
 * The one object the console asks main for (and what an export of "the current search, filter
 * and sort" takes): `search` as given, so the caller can pass the settled one.
 */
export function consoleQuery(state: ConsoleState, search: string): AccountQuery {
  const { show, sort, direction, offset, limit } = state
  return { search, show, sort, direction, offset, limit }
}

// The next person at the workstation never sees what this one searched for.
forgetOnSignOut(() => useConsole.setState(START))
