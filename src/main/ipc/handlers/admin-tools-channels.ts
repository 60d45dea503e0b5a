import { AccountExport } from '../../core/admin/account-export'
import { auditCsvPage } from '../../core/audit/audit-export'
import type { Handlers } from '../router'

/** Exports, backups and the unused-accounts report. The router lets these run only for an active administrator. */
export const adminToolsHandlers = {
  adminPreviewUnusedAccounts: ({ services, input }) => services.unusedAccounts.report(input.days),

  adminListBackups: ({ services }) => services.backups.list(),

  adminBackUpNow: ({ services }) => services.backups.backUpNow(),

  adminExportAccountsPage: ({ services, input, user }) => {
    const { offset, ...query } = input
    const page = new AccountExport(services.admin).csvPage(query, offset)
    if (offset === 0) {
      services.audit.record({
        kind: 'accounts_export',
        outcome: 'success',
        actor: user,
        detail: `CSV from the console${query.search ? `, search "${query.search}"` : ''}`
      })
    }
    return page
  },

  adminExportAuditPage: ({ services, input, user }) => {
    const { offset, ...query } = input
    if (offset === 0) services.audit.record({ kind: 'audit_export', outcome: 'success', actor: user, detail: 'CSV' })
    return auditCsvPage(services.audit, query, offset)
  }
} satisfies Partial<Handlers>
