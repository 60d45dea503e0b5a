import type { FieldError } from '../../../shared/result'
import type { Db } from '../../db/database'
import type { UserRepository } from '../../db/users-repository'
import { emailKey, normalizeEmail, normalizeUsername, usernameKey } from '../accounts/identity'
import type { NewAccounts } from '../accounts/new-accounts'
import type { AuditLog } from '../audit/audit-log'
import type { Clock } from '../support/clock'
import { CsvError, parseCsv } from './csv'

export interface ImportedRow {
  line: number
  username: string
  isAdmin: boolean
  isActive: boolean
}

export interface SkippedRow {
  line: number
  /** What the row held in its first column (may be blank). */
  username: string
  reasons: string[]
}

export interface CsvImportReport {
  source: string
  imported: ImportedRow[]
  skipped: SkippedRow[]
}

interface CsvImportDeps {
  db: Db
  clock: Clock
  users: UserRepository
  newAccounts: NewAccounts
  audit: AuditLog
}

const COLUMNS = ['username', 'email', 'is_admin', 'is_active'] as const

/** true/false, 1/0, yes/no (any case); blank is the column's default. Undefined: not a yes or no. */
function yesNo(text: string | undefined, blank: boolean): boolean | undefined {
  const value = (text ?? '').trim().toLowerCase()
  if (value === '') return blank
  if (['true', '1', 'yes', 'y'].includes(value)) return true
  if (['false', '0', 'no', 'n'].includes(value)) return false
  return undefined
}

const REASONS: Partial<Record<string, string>> = {
  username_taken:
    'username taken here (names are compared ignoring case and look-alike letters, and with email addresses)',
  username_required: 'blank username',
  email_required: 'blank email address (needed for the reset code that lets the account in)',
  email_taken: 'email address already used by another account'
}

const reasonOf = (problem: FieldError): string => REASONS[problem.code] ?? problem.message

/**
 * `npm run accounts -- import`: the rows of a CSV file (`username,email[,is_admin,is_active]`, a
 * header row optional) become accounts with no password, which get in by a reset code. One
 * immediate transaction and one audit event; identity rules are sign-up's own, checked against the
 * rows this run added too. Every row is reported, imported or skipped and why.
 */
export function importAccountsCsv(deps: CsvImportDeps, text: string, source: string): CsvImportReport {
  let records: string[][]
  try {
    records = parseCsv(text)
  } catch (error) {
    throw new CsvError(`${source} is not valid CSV: ${(error as Error).message}. Nothing was imported.`)
  }
  const first = records[0]?.map((cell) => cell.trim().toLowerCase())
  const hasHeader = first?.[0] === 'username'
  if (hasHeader && first.some((name, i) => name !== COLUMNS[i])) {
    throw new CsvError(
      `${source}: the header must be ${COLUMNS.join(',')} (the last two optional); it is ${first.join(',')}.`
    )
  }
  const { db, users, newAccounts, audit, clock } = deps
  return db
    .transaction((): CsvImportReport => {
      const report: CsvImportReport = { source, imported: [], skipped: [] }
      records.forEach((record, index) => {
        if (hasHeader && index === 0) return
        if (record.length === 1 && record[0].trim() === '') return // a blank line
        const line = index + 1
        const username = normalizeUsername(record[0] ?? '').trim()
        const email = normalizeEmail(record[1] ?? '')
        const isAdmin = yesNo(record[2], false)
        const isActive = yesNo(record[3], true)
        const reasons = [
          ...(record.length > COLUMNS.length ? [`${record.length} columns; at most ${COLUMNS.length} are read`] : []),
          ...newAccounts.usernameProblems(username).map(reasonOf),
          ...newAccounts.emailProblems(email).map(reasonOf),
          ...(isAdmin === undefined ? [`is_admin "${record[2]}" is not true or false`] : []),
          ...(isActive === undefined ? [`is_active "${record[3]}" is not true or false`] : [])
        ]
        if (reasons.length > 0 || isAdmin === undefined || isActive === undefined) {
          report.skipped.push({ line, username: record[0] ?? '', reasons })
          return
        }
        const id = users.insert({
          username,
          usernameKey: usernameKey(username),
          email,
          emailKey: emailKey(email),
          passwordHash: null,
          isAdmin,
          createdAt: clock.now()
        })
        if (!isActive) users.update(id, { isActive: false })
        report.imported.push({ line, username, isAdmin, isActive })
      })
      audit.record({
        kind: 'accounts_import',
        outcome: 'success',
        detail: `from ${source}: ${report.imported.length} imported, ${report.skipped.length} skipped`
      })
      return report
    })
    .immediate()
}

/** The report for people: every row once, imported or skipped with its reasons. */
export function formatImportReport(report: CsvImportReport, options: { dryRun: boolean; dataDir: string }): string {
  const lines = [`Source: ${report.source}`, `Data: ${options.dataDir}`]
  if (options.dryRun) lines.push('Dry run: this is what an import would do; nothing was written.')
  const total = report.imported.length + report.skipped.length
  lines.push('', `Imported ${report.imported.length} of ${total} rows${report.imported.length ? ':' : '.'}`)
  for (const row of report.imported) {
    const role = row.isAdmin ? 'administrator' : 'user'
    lines.push(`  line ${row.line}: ${row.username}: ${role}${row.isActive ? '' : ', deactivated'}; no password`)
  }
  lines.push('', `Skipped ${report.skipped.length} rows${report.skipped.length ? ':' : '.'}`)
  for (const row of report.skipped)
    lines.push(`  line ${row.line}: ${row.username || '(blank)'}: ${row.reasons.join('; ')}`)
  if (report.imported.length > 0) {
    lines.push(
      '',
      'Imported accounts have no password: each gets in with a reset code (Forgot password, or Send reset code in the Accounts console).'
    )
  }
  return lines.join('\n')
}
