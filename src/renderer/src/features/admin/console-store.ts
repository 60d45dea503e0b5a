import { create } from 'zustand'
import type { ChannelInput } from '@shared/contract'
import { forgetOnSignOut } from '@/store/session'

type AccountQuery = ChannelInput<'adminListAccounts'>
export type AccountSortKey = AccountQuery['sort']
export type SortDirection = AccountQuery['direction']

export const ACCOUNTS_PER_PAGE = 50

/** The way a column sorts on its first click: dates newest first, administrators first. */
const firstDirection: Record<AccountSortKey, SortDirection> = {
  username: 'asc',
  email: 'asc',
  isAdmin: 'desc',
  isActive: 'asc',
  lastLoginAt: 'desc',
  joinedAt: 'desc'
}

interface ConsoleState {
  /** What the Search box holds (the request waits until typing pauses). */
  search: string
  sort: AccountSortKey
  direction: SortDirection
  offset: number
  setSearch: (search: string) => void
  /** The column's first direction, or the other one when it is already the sort. */
  sortBy: (key: AccountSortKey) => void
  goTo: (offset: number) => void
}

/**
 * The Accounts console's view: kept while the admin opens an account and comes back, so the
 * search, sort and page are where they left them.
 */
const START = { search: '', sort: 'username', direction: 'asc', offset: 0 } as const

export const useConsole = create<ConsoleState>()((set) => ({
  ...START,
  setSearch: (search) => set({ search, offset: 0 }),
  sortBy: (key) =>
    set((state) => ({
      sort: key,
      direction: state.sort === key ? (state.direction === 'asc' ? 'desc' : 'asc') : firstDirection[key],
      offset: 0
    })),
  goTo: (offset) => set({ offset })
}))

// The next person at the workstation never sees what this one searched for.
forgetOnSignOut(() => useConsole.setState(START))
