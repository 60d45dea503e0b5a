/** Every kind of event the audit trail records, in words, in the order the Kind filter lists them. */
export const AUDIT_KINDS = [
  { kind: 'login', label: 'Log in' },
  { kind: 'lockout', label: 'Lockout' },
  { kind: 'logout', label: 'Log out' },
  { kind: 'sign_up', label: 'Sign up' },
  { kind: 'password_change', label: 'Password change' },
  { kind: 'reset_requested', label: 'Reset requested' },
  { kind: 'reset_confirm', label: 'Reset code tried' },
  { kind: 'reset_completed', label: 'Reset completed' },
  { kind: 'mail_failed', label: 'Mail not sent' },
  { kind: 'first_admin_created', label: 'First administrator created' },
  { kind: 'createsuperuser', label: 'Administrator created (createsuperuser)' },
  { kind: 'admin_create', label: 'Admin: create account' },
  { kind: 'admin_update', label: 'Admin: change email' },
  { kind: 'admin_grant_admin', label: 'Admin: make administrator' },
  { kind: 'admin_revoke_admin', label: 'Admin: remove administrator' },
  { kind: 'admin_deactivate', label: 'Admin: deactivate' },
  { kind: 'admin_reactivate', label: 'Admin: reactivate' },
  { kind: 'admin_unlock', label: 'Admin: unlock' },
  { kind: 'admin_send_reset_code', label: 'Admin: send reset code' },
  { kind: 'admin_set_temporary_password', label: 'Admin: set temporary password' },
  { kind: 'admin_delete', label: 'Admin: delete account' },
  { kind: 'seed', label: 'Accounts seeded' },
  { kind: 'django_import', label: 'Accounts imported from Django' },
  { kind: 'settings_change', label: 'Settings changed' },
  { kind: 'two_factor_enabled', label: 'Two-factor turned on' },
  { kind: 'two_factor_disabled', label: 'Two-factor turned off' },
  { kind: 'recovery_codes_generated', label: 'New recovery codes' },
  { kind: 'admin_disable_two_factor', label: 'Admin: turn off two-factor' },
  { kind: 'directory_account_created', label: 'Directory account created' },
  { kind: 'directory_unreachable', label: 'Directory unreachable' },
  { kind: 'directory_reachable', label: 'Directory reachable again' },
  { kind: 'session_locked', label: 'Session locked' },
  { kind: 'session_unlocked', label: 'Session unlocked' },
  { kind: 'unlock_failed', label: 'Unlock failed' },
  { kind: 'session_ended_by_admin', label: 'Admin: end session' },
  { kind: 'reauthenticated', label: "Confirmed it's them" },
  { kind: 'admin_set_expiry', label: 'Admin: set expiry date' },
  { kind: 'account_deactivated_unused', label: 'Deactivated as unused' },
  { kind: 'accounts_import', label: 'Accounts imported from CSV' },
  { kind: 'accounts_export', label: 'Accounts exported' },
  { kind: 'audit_export', label: 'Audit trail exported' },
  { kind: 'syslog_unreachable', label: 'Syslog unreachable' },
  { kind: 'syslog_reachable', label: 'Syslog reachable again' },
  { kind: 'backup', label: 'Backup' },
  { kind: 'restore', label: 'Database restored' }
] as const satisfies readonly { kind: string; label: string }[]

export type AuditKind = (typeof AUDIT_KINDS)[number]['kind']

const kinds = new Set<string>(AUDIT_KINDS.map(({ kind }) => kind))

export const isAuditKind = (kind: string): kind is AuditKind => kinds.has(kind)
