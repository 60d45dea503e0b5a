import type { Services } from '../../src/main/core/services'
import { writeTransaction } from '../../src/main/db/database'
import { BulkAccountsRepository } from '../../src/main/db/bulk-accounts-repository'
import { emailKey, normalizeEmail, normalizeUsername, usernameKey } from '../../src/main/core/accounts/identity'
import { localDate } from '../../src/main/core/admin/expiry'
import { legacyAlgorithm, legacyHashOverCeiling } from '../../src/main/core/passwords/django-hashes'
import type { FieldError } from '../../src/shared/result'
import type { DjangoSource, DjangoUser } from './django-source'
import { shown } from './django-report-text'

export interface ImportOptions {
  /** Django's `is_staff` alone (without `is_superuser`) makes an administrator here too. */
  staffAsAdmin: boolean
}

/** What became of a password: kept as Django's hash, or none (the account can only reset). */
export type PasswordOutcome =
  | { kind: 'kept'; algorithm: string }
  | { kind: 'unusable' }
  | { kind: 'unsupported'; algorithm: string }
  /** A hash this app knows whose cost is past LEGACY_COST_CEILINGS: never stored, never run. */
  | { kind: 'too_costly'; algorithm: string; reason: string }

export interface ImportedAccount {
  username: string
  /** Django's spelling, when normalising (NFKC) changed it. */
  djangoUsername: string | null
  isAdmin: boolean
  isActive: boolean
  /** Staff in Django, imported without the administrator role (no --staff-as-admin). */
  staffOnly: boolean
  password: PasswordOutcome
}

export interface SkippedUser {
  username: string
  reasons: string[]
}

export interface ImportReport {
  source: string
  imported: ImportedAccount[]
  skipped: SkippedUser[]
  /** First and last names: this app has no place for them. */
  droppedNames: { username: string; name: string }[]
  otherRecords: number
  /** Active administrators after the import (0: nobody can open the console yet). */
  activeAdmins: number
}

/**
 * Brings Django's users into this app's database in one immediate transaction, with one audit
 * event, and reports every user: imported, or skipped and why. Accounts already taken here are
 * never touched, so a second run imports nothing. Identity rules are the sign-up's own
 * (`NewAccounts.usernameProblems` / `emailProblems`), checked against the accounts this run has
 * added too, as the inserts are visible inside the transaction.
 */
export function importDjangoUsers(services: Services, source: DjangoSource, options: ImportOptions): ImportReport {
  const { db, newAccounts, audit, users, clock } = services
  const bulk = new BulkAccountsRepository(db)
  return writeTransaction(db, (): ImportReport => {
    const report: ImportReport = {
      source: source.description,
      imported: [],
      skipped: [],
      droppedNames: [],
      otherRecords: source.otherRecords,
      activeAdmins: 0
    }
    for (const django of source.users) {
      const username = normalizeUsername(django.username)
      const email = normalizeEmail(django.email)
      const already = bulk.holderOf(usernameKey(username))
      const reasons =
        already?.source === 'django' && already.username === username
          ? ['already imported from Django']
          : problemsOf(django, newAccounts.usernameProblems(username), newAccounts.emailProblems(email))
      if (reasons.length > 0) {
        report.skipped.push({ username: django.username, reasons })
        continue
      }
      const password = passwordOutcome(django.password)
      const isAdmin = django.isSuperuser || (options.staffAsAdmin && django.isStaff)
      bulk.insertImported({
        username,
        usernameKey: usernameKey(username),
        email,
        emailKey: emailKey(email),
        passwordHash: password.kind === 'kept' ? django.password : null,
        isAdmin,
        isActive: django.isActive,
        // problemsOf refused a date_joined this import cannot read.
        createdAt: django.dateJoined!,
        lastLoginAt: django.lastLogin
      })
      report.imported.push({
        username,
        djangoUsername: username === django.username ? null : django.username,
        isAdmin,
        isActive: django.isActive,
        staffOnly: django.isStaff && !isAdmin,
        password
      })
      const name = `${django.firstName} ${django.lastName}`.trim()
      if (name) report.droppedNames.push({ username, name })
    }
    report.activeAdmins = users.countUsableAdmins(localDate(clock.now()))
    audit.record({ kind: 'django_import', outcome: 'success', detail: auditDetail(report) })
    return report
  })
}

const usernameReasons: Record<string, string> = {
  username_taken:
    'username taken here (names are compared ignoring case and look-alike letters, and with email addresses)',
  username_required: 'blank username'
}

const emailReasons: Record<string, string> = {
  email_required: 'blank email address (this app needs one, for password resets)',
  email_taken: 'email address already used by another account here'
}

function problemsOf(django: DjangoUser, username: FieldError[], email: FieldError[]): string[] {
  return [
    ...username.map(
      (problem) => usernameReasons[problem.code] ?? `username breaks this app's rules: ${problem.message}`
    ),
    ...email.map(
      (problem) => emailReasons[problem.code] ?? `email address "${shown(django.email)}": ${problem.message}`
    ),
    ...(django.dateJoined === null ? ['date_joined is not a date this import can read'] : [])
  ]
}

/** Never the hash itself: only its algorithm, which is what the report and console show. */
export function passwordOutcome(encoded: string): PasswordOutcome {
  // Django: an empty password or one starting with "!" is unusable (set_unusable_password).
  if (encoded === '' || encoded.startsWith('!')) return { kind: 'unusable' }
  const algorithm = legacyAlgorithm(encoded)
  if (algorithm !== null) return { kind: 'kept', algorithm }
  const overCeiling = legacyHashOverCeiling(encoded)
  if (overCeiling) return { kind: 'too_costly', ...overCeiling }
  return { kind: 'unsupported', algorithm: encoded.includes('$') ? encoded.slice(0, encoded.indexOf('$')) : 'unknown' }
}

const needsReset = (account: ImportedAccount): boolean => account.password.kind !== 'kept'

function auditDetail(report: ImportReport): string {
  const admins = report.imported.filter((account) => account.isAdmin).length
  const resets = report.imported.filter(needsReset).length
  return (
    `from ${report.source}: ${report.imported.length} imported (${admins} administrators), ` +
    `${report.skipped.length} skipped, ${resets} can only get in by a password reset`
  )
}

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`

/** The report for people: every Django user appears once, imported or skipped with its reasons. */
export function formatReport(report: ImportReport, options: { dryRun: boolean; dataDir: string }): string {
  const total = report.imported.length + report.skipped.length
  const lines = [`Source: ${shown(report.source, 400)}`, `Data: ${options.dataDir}`]
  if (options.dryRun) lines.push('Dry run: this is what an import would do; nothing was written.')
  lines.push(
    '',
    `Imported ${report.imported.length} of ${plural(total, 'Django user')}${report.imported.length ? ':' : '.'}`
  )
  for (const account of report.imported) {
    const role = account.isAdmin ? 'administrator' : account.staffOnly ? 'user (staff in Django)' : 'user'
    const state = account.isActive ? '' : ', deactivated (inactive in Django)'
    const renamed = account.djangoUsername === null ? '' : ` (was "${shown(account.djangoUsername)}" in Django)`
    lines.push(
      `  ${shown(account.username)}${renamed}: ${role}${state}; password ${describePassword(account.password)}`
    )
  }
  lines.push('', `Skipped ${plural(report.skipped.length, 'user')}${report.skipped.length ? ':' : '.'}`)
  for (const skipped of report.skipped) lines.push(`  ${shown(skipped.username)}: ${skipped.reasons.join('; ')}`)

  const resets = report.imported.filter(needsReset)
  if (resets.length > 0) {
    lines.push(
      '',
      `${plural(resets.length, 'account')} can only get in by a password reset (emailed code, or a temporary password from an administrator): ${resets.map((account) => shown(account.username)).join(', ')}`
    )
  }
  const staff = report.imported.filter((account) => account.staffOnly)
  if (staff.length > 0) {
    lines.push(
      '',
      `Staff in Django, imported as ordinary users (run with --staff-as-admin to make them administrators): ${staff.map((account) => shown(account.username)).join(', ')}`
    )
  }
  if (report.droppedNames.length > 0) {
    lines.push(
      '',
      `Not imported: first and last names (Local Accounts has no place for them), which ${plural(report.droppedNames.length, 'user')} had: ${report.droppedNames.map(({ username, name }) => `${shown(username)} (${shown(name)})`).join(', ')}`
    )
  }
  lines.push('', 'Not imported: Django groups and permissions (this app knows only user and administrator).')
  if (report.otherRecords > 0)
    lines.push(`Ignored: ${plural(report.otherRecords, 'dumpdata record')} of other models than auth.user.`)
  if (report.activeAdmins === 0) {
    lines.push(
      '',
      'No active administrator exists: create one with npm run createsuperuser to open the Accounts console.'
    )
  }
  return lines.join('\n')
}

function describePassword(password: PasswordOutcome): string {
  switch (password.kind) {
    case 'kept':
      return `kept (Django ${password.algorithm}; replaced by argon2id at the first login)`
    case 'unusable':
      return 'none (unusable in Django)'
    case 'unsupported':
      return `none (Django ${shown(password.algorithm, 40)} hashes cannot be verified here)`
    case 'too_costly':
      return `none (its Django ${password.algorithm} hash costs more than this app runs: ${password.reason})`
  }
}
