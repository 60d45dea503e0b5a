import Database from 'better-sqlite3'

/** What `readAuthUsers` answers: the rows as SQLite gives them, for the caller to check. */
export type AuthUserRows = { found: true; rows: unknown[] } | { found: false }

/**
 * The users of a Django site's SQLite database (django.contrib.auth's `auth_user`), oldest first,
 * read-only: the file is never created or changed, since it is not this app's to touch.
 */
export function readAuthUsers(path: string): AuthUserRows {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'auth_user'").get()
    if (!table) return { found: false }
    const rows = db
      .prepare(
        `SELECT username, email, password, first_name, last_name, is_active, is_staff, is_superuser,
           date_joined, last_login FROM auth_user ORDER BY id`
      )
      .all()
    return { found: true, rows }
  } finally {
    db.close()
  }
}
