/** Shapes the admin console and the Mail log receive. Times are milliseconds since the epoch. */
export interface AccountRow {
  id: number
  username: string
  email: string
  isAdmin: boolean
  isActive: boolean
  isLocked: boolean
  lastLoginAt: number | null
  joinedAt: number
  /** Two-factor authentication is on. */
  twoFactor: boolean
  /** Account expires ('YYYY-MM-DD'); null = never. */
  expiresOn: string | null
  /** The expiry day has come: the account cannot sign in. */
  isExpired: boolean
}

export interface AccountPage {
  total: number
  /** True when there are more matches than were counted: show the total as "1,000+". */
  totalIsLowerBound: boolean
  rows: AccountRow[]
}

export interface AccountDetail extends AccountRow {
  mustChangePassword: boolean
  /** A temporary password whose one login has been used without replacing it: only a new one (or a reset) lets them in. */
  temporaryPasswordUsed: boolean
  lockedUntil: number | null
  /** Made here, or brought in by `npm run import-django`. */
  source: 'local' | 'django'
  /** False: no password at all (e.g. unusable in Django); only a reset or temporary password lets them in. */
  hasPassword: boolean
  /** The Django algorithm of a hash kept by the import and not yet replaced at a login (never the hash). */
  legacyPasswordAlgorithm: string | null
  /** A directory shadow account: the directory owns its password, email and administrator flag. */
  directoryManaged: boolean
}

export interface AuditEventView {
  id: number
  at: number
  kind: string
  outcome: 'success' | 'failure'
  actorUsername: string | null
  subjectUsername: string | null
  detail: string | null
}

export interface AuditPage {
  total: number
  rows: AuditEventView[]
}

export interface MailMessageView {
  id: number
  to: string
  subject: string
  sentAt: number
  text: string
  /** The reset code the message carries, when it carries one, for a copy button. */
  code: string | null
}

/** One file in `<data folder>/backups/`, for the Settings screen's Backups section. */
export interface BackupView {
  name: string
  /** When it was made (from its name; the file's time for one renamed by hand). */
  at: number
  bytes: number
}

/** One page of a CSV export: the text of its rows (the header only with the first page). */
export interface ExportPage {
  csv: string
  /** The offset of the next page, or null after the last one. */
  next: number | null
}

/**
 * An export to a file the desktop app's save dialog chose: saved (where), cancelled (nothing
 * written), or no dialog here (the browser preview: the window downloads the pages instead).
 */
export type SavedFile = { outcome: 'saved'; path: string } | { outcome: 'cancelled' } | { outcome: 'no_dialog' }

/** Active administrators, and how many of them have no second factor: whom requiring it would affect. */
export interface AdministratorCount {
  administrators: number
  withoutTwoFactor: number
}

/** Failed sign-ups (a name or address taken) or wrong reset codes being slowed, for the Settings screen. */
export interface ProbePauseView {
  scope: 'sign_up' | 'reset_code'
  /** Failures counted in the last 15 minutes. */
  failures: number
  /** Until when every such failure's answer waits its turn (null: not slowed). */
  slowedUntil: number | null
  /** Windows whose own failures are being slowed. */
  windowsSlowed: number
}
