import type { AccountRow, ExportPage } from '../../../shared/admin-views'
import type { AccountSearch, AdminAccounts } from './admin-accounts'
import { csvRecord } from './csv'

/** The console's search, `Show` filter and sort; an export has every matching row, not one screen's. */
export type AccountExportQuery = Omit<AccountSearch, 'offset' | 'limit'>

/** Rows per page of an export: small enough that one page never holds main for long. */
export const EXPORT_PAGE_ROWS = 500

/** The columns, in order; the import reads the first four back. */
export const ACCOUNT_COLUMNS = [
  'username',
  'email',
  'is_admin',
  'is_active',
  'expires_on',
  'expired',
  'locked',
  'two_factor',
  'last_login',
  'joined'
] as const

type ExportedAccount = Record<(typeof ACCOUNT_COLUMNS)[number], string | boolean | null>

const isoTime = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString())

export function exportedAccount(row: AccountRow): ExportedAccount {
  return {
    username: row.username,
    email: row.email,
    is_admin: row.isAdmin,
    is_active: row.isActive,
    expires_on: row.expiresOn,
    expired: row.isExpired,
    locked: row.isLocked,
    two_factor: row.twoFactor,
    last_login: isoTime(row.lastLoginAt),
    joined: isoTime(row.joinedAt)
  }
}

/** The export read on the account list's own query, a page at a time. */
export class AccountExport {
  constructor(private readonly admin: AdminAccounts) {}

  /** One page as CSV, the header first on the first page. */
  csvPage(query: AccountExportQuery, offset: number): ExportPage {
    const rows = this.rows(query, offset)
    const header = offset === 0 ? csvRecord(ACCOUNT_COLUMNS) : ''
    const body = rows.map((row) => csvRecord(ACCOUNT_COLUMNS.map((column) => exportedAccount(row)[column])))
    return { csv: header + body.join(''), next: rows.length < EXPORT_PAGE_ROWS ? null : offset + EXPORT_PAGE_ROWS }
  }

  /** Every matching row, page by page (the terminal's export). */
  *all(query: AccountExportQuery): IterableIterator<ExportedAccount> {
    for (let offset = 0; ; offset += EXPORT_PAGE_ROWS) {
      const rows = this.rows(query, offset)
      yield* rows.map(exportedAccount)
      if (rows.length < EXPORT_PAGE_ROWS) return
    }
  }

  private rows(query: AccountExportQuery, offset: number): AccountRow[] {
    return this.admin.list({ ...query, offset, limit: EXPORT_PAGE_ROWS }).rows
  }
}
