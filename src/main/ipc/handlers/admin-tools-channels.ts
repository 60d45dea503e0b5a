import type { SavedFile } from '../../../shared/admin-views'
import { AccountExport, type AccountExportQuery } from '../../core/admin/account-export'
import { writePagesToFile, type PageSource } from '../../core/admin/export-file'
import { isUsableAdmin, localDate } from '../../core/admin/expiry'
import { auditCsvPage } from '../../core/audit/audit-export'
import type { AuditFilterQuery } from '../../core/audit/audit-log'
import type { Services } from '../../core/services'
import { AppError } from '../../core/support/errors'
import type { UserRecord } from '../../db/users-repository'
import type { CallerContext } from '../caller'
import type { HostCapabilities } from '../host-capabilities'
import type { Handlers } from '../router'

/** Exports, backups and the unused-accounts report. The router lets these run only for an active administrator. */
export const adminToolsHandlers = {
  adminPreviewUnusedAccounts: ({ services, input }) => services.unusedAccounts.report(input.days),

  adminListBackups: ({ services }) => services.backups.list(),

  adminBackUpNow: ({ services }) => services.backups.backUpNow(),

  adminExportAccountsPage: ({ services, input, user }) => {
    const { offset, ...query } = input
    const page = accountPages(services, query)(offset)
    if (offset === 0) recordAccountsExport(services, user, query)
    return page
  },

  adminExportAuditPage: ({ services, input, user }) => {
    const { offset, ...query } = input
    if (offset === 0) recordAuditExport(services, user)
    return auditPages(services, query)(offset)
  },

  adminExportAccountsToFile: (context) =>
    saveExport(context, 'accounts', accountPages(context.services, context.input), () =>
      recordAccountsExport(context.services, context.user, context.input)
    ),

  adminExportAuditToFile: (context) =>
    saveExport(context, 'audit-trail', auditPages(context.services, context.input), () =>
      recordAuditExport(context.services, context.user)
    )
} satisfies Partial<Handlers>

const accountPages = (services: Services, query: AccountExportQuery): PageSource => {
  const accounts = new AccountExport(services.admin)
  return (offset) => accounts.csvPage(query, offset)
}

const auditPages =
  (services: Services, query: AuditFilterQuery): PageSource =>
  (offset) =>
    auditCsvPage(services.audit, query, offset)

function recordAccountsExport(services: Services, user: UserRecord, query: AccountExportQuery): void {
  services.audit.record({
    kind: 'accounts_export',
    outcome: 'success',
    actor: user,
    detail: `CSV from the console${query.search ? `, search "${query.search}"` : ''}`
  })
}

function recordAuditExport(services: Services, user: UserRecord): void {
  services.audit.record({ kind: 'audit_export', outcome: 'success', actor: user, detail: 'CSV' })
}

/**
 * The desktop app's `Export CSV`: the save dialog over the caller's window (named `<what>-<today>.csv`),
 * then main writes the file. The dialog may stay open for minutes, so the caller must still be an
 * administrator who can sign in when they answer it; a cancel writes nothing and records nothing.
 */
async function saveExport(
  context: { services: Services; user: UserRecord; caller: CallerContext; host: HostCapabilities | null },
  what: string,
  pages: PageSource,
  record: () => void
): Promise<SavedFile> {
  const { services, user, caller, host } = context
  if (!host) return { outcome: 'no_dialog' }
  const path = await host.chooseSaveFile(caller, `${what}-${localDate(services.clock.now())}.csv`)
  if (path === null) return { outcome: 'cancelled' }
  const now = services.users.byId(user.id)
  if (!now || !isUsableAdmin(now, services.clock.now())) throw new AppError('forbidden')
  await writePagesToFile(path, pages)
  record()
  return { outcome: 'saved', path }
}
