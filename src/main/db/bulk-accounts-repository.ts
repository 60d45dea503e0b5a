import type { Statement } from 'better-sqlite3'
import { SORT_INDEXES } from './account-search'
import { type Db, writeTransaction } from './database'
import { deferSearchIndex, foldForSearch, indexAccountsFrom } from './search-fold'
import { preparedOnce, type Prepare } from './statements'
import { usernameSkeleton } from './username-skeleton'

/** An account as the terminal commands write it, keys already folded. */
export interface BulkAccountRow {
  username: string
  usernameKey: string
  email: string
  emailKey: string
  passwordHash: string | null
  isAdmin: boolean
  isActive: boolean
  createdAt: number
  lastLoginAt: number | null
}

/** The unique indexes take random inserts: a large page cache keeps them in memory. */
const BULK_CACHE_SIZE_IN_KIB = 256 * 1024
/**
 * A load of at least a quarter of the accounts already there builds the sort indexes again.
 * Measured: 900,000 seeded onto 100,000 take 44 s so and 108 s inserting into the indexes, and
 * 100,000 onto none 3.3 s and 5 s; where the two ways meet was not measured (a quarter is a guess).
 */
const REBUILD_SHARE = 4

/**
 * The SQL of the terminal commands that write accounts in bulk (`seed`, `import-django`) and of
 * the benchmark's picks: straight into the users table, without the services' per-account work.
 */
export class BulkAccountsRepository {
  private readonly prepare: Prepare
  private seedInsert: Statement | undefined

  constructor(private readonly db: Db) {
    this.prepare = preparedOnce(db)
  }

  /** One past the highest id: a serial that no existing seeded name can end in. */
  nextSerial(): number {
    return (this.prepare('SELECT coalesce(max(id), 0) + 1 AS n FROM users').get() as { n: number }).n
  }

  /** Adds a seeded account unless its username (or a look-alike) or email is taken; whether it was added. */
  insertSeeded(row: BulkAccountRow): boolean {
    // Positional, and held here rather than looked up by its text: this runs a million times in a seed.
    this.seedInsert ??= this.db.prepare(
      `INSERT OR IGNORE INTO users (username, username_key, email, email_key, password_hash, is_admin, is_active,
         created_at, last_login_at, password_changed_at, name_fold, email_fold, username_skeleton)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    const { username, usernameKey, email, emailKey, passwordHash, isAdmin, isActive, createdAt, lastLoginAt } = row
    return (
      this.seedInsert.run(
        username,
        usernameKey,
        email,
        emailKey,
        passwordHash,
        isAdmin ? 1 : 0,
        isActive ? 1 : 0,
        createdAt,
        lastLoginAt,
        createdAt,
        // Folded here, as the triggers would: they then spare the row a second write.
        foldForSearch(username),
        foldForSearch(email),
        // In the INSERT itself, so OR IGNORE skips a look-alike as it skips a taken name.
        usernameSkeleton(usernameKey)
      ).changes > 0
    )
  }

  /** Adds an account imported from Django (its password, if kept, is the Django hash). */
  insertImported(row: BulkAccountRow): void {
    this.prepare(
      `INSERT INTO users (username, username_key, email, email_key, password_hash, is_admin, is_active,
         created_at, last_login_at, source)
       VALUES (@username, @usernameKey, @email, @emailKey, @passwordHash, @isAdmin, @isActive,
         @createdAt, @lastLoginAt, 'django')`
    ).run({ ...row, isAdmin: row.isAdmin ? 1 : 0, isActive: row.isActive ? 1 : 0 })
  }

  /** Who holds this username key, and where the account came from. */
  holderOf(usernameKey: string): { username: string; source: string } | undefined {
    return this.prepare('SELECT username, source FROM users WHERE username_key = ?').get(usernameKey) as
      { username: string; source: string } | undefined
  }

  /** The first `limit` active non-administrators, oldest first. */
  activeMembers(limit: number): { username: string; email: string }[] {
    return this.prepare(
      'SELECT username, email FROM users WHERE is_admin = 0 AND is_active = 1 ORDER BY id LIMIT ?'
    ).all(limit) as { username: string; email: string }[]
  }

  /** The oldest active administrator's username. */
  firstActiveAdmin(): string | undefined {
    const row = this.prepare(
      'SELECT username FROM users WHERE is_admin = 1 AND is_active = 1 ORDER BY id LIMIT 1'
    ).get()
    return (row as { username: string } | undefined)?.username
  }

  /**
   * Runs `load`, which adds `adding` accounts, in one immediate transaction: a large page cache,
   * statement journals in memory (each insert fires triggers, so SQLite journals every page it
   * touches in case the statement fails), the search index's triggers deferred and its rows added
   * in one statement at the end. When the load is large next to the table, the console's sort
   * indexes are dropped first and built again at the end: one sort each instead of a random insert
   * per account into every one of them, which is what made a million accounts cost 25 times a
   * hundred thousand. One transaction: a killed load leaves the table as it was, and other
   * processes read the accounts as they were until it commits (their writes wait, as they did
   * between the batches of earlier versions, which never let a waiting writer in). The pragmas
   * are this connection's only and are put back afterwards.
   */
  withBulkLoad(adding: number, load: () => void): void {
    const db = this.db
    const cacheSize = db.pragma('cache_size', { simple: true }) as number
    const tempStore = db.pragma('temp_store', { simple: true }) as number
    db.pragma(`cache_size = ${BULK_CACHE_SIZE_IN_KIB * -1}`)
    db.pragma('temp_store = MEMORY')
    deferSearchIndex(db, true)
    try {
      writeTransaction(db, () => {
        const firstId = this.nextSerial()
        const { n: existing } = this.prepare('SELECT n FROM users_count').get() as { n: number }
        const rebuilt = adding * REBUILD_SHARE >= existing ? this.sortIndexes() : []
        for (const { name } of rebuilt) db.exec(`DROP INDEX ${name}`)
        load()
        indexAccountsFrom(db, firstId)
        for (const { sql } of rebuilt) db.exec(sql)
      })
    } finally {
      deferSearchIndex(db, false)
      db.pragma(`cache_size = ${cacheSize}`)
      db.pragma(`temp_store = ${tempStore}`)
      // PASSIVE: never waits for a running app's readers; the app's next checkpoint finishes it.
      db.pragma('wal_checkpoint(PASSIVE)')
    }
  }

  /** The console's sort indexes as migrations made them (their SQL is read back to build them again). */
  private sortIndexes(): { name: string; sql: string }[] {
    return this.prepare(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'users'
       AND name IN (SELECT value FROM json_each(@names))`
    ).all({ names: JSON.stringify(SORT_INDEXES) }) as { name: string; sql: string }[]
  }
}
