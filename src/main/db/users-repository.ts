import type { Db } from './database'
import { foldForSearch } from './search-fold'
import { usernameSkeleton } from './username-skeleton'
import { preparedOnce, type Prepare } from './statements'
import type { AdministratorCount } from '../../shared/admin-views'

export interface UserRecord {
  id: number
  username: string
  email: string
  passwordHash: string | null
  isAdmin: boolean
  isActive: boolean
  mustChangePassword: boolean
  createdAt: number
  lastLoginAt: number | null
  passwordChangedAt: number | null
  /** The directory entry a shadow account stands for; null for a local account. */
  directoryDn: string | null
  /** Account expires: from this day ('YYYY-MM-DD', the workstation's calendar) it cannot sign in; null = never. */
  expiresOn: string | null
}

export interface NewUser {
  username: string
  usernameKey: string
  email: string
  emailKey: string
  passwordHash: string | null
  isAdmin: boolean
  createdAt: number
  /** A password an administrator chose, handed over: it opens one login, which must replace it. */
  mustChangePassword?: boolean
}

const columns = `id, username, email, password_hash AS passwordHash, is_admin AS isAdmin,
  is_active AS isActive, must_change_password AS mustChangePassword,
  created_at AS createdAt, last_login_at AS lastLoginAt, password_changed_at AS passwordChangedAt, directory_dn AS directoryDn,
  expires_on AS expiresOn`

type Row = Omit<UserRecord, 'isAdmin' | 'isActive' | 'mustChangePassword'> & {
  isAdmin: number
  isActive: number
  mustChangePassword: number
}

const toRecord = (row: Row | undefined): UserRecord | null =>
  row
    ? {
        ...row,
        isAdmin: row.isAdmin === 1,
        isActive: row.isActive === 1,
        mustChangePassword: row.mustChangePassword === 1
      }
    : null

/** SQL for the users table; knows nothing of passwords beyond storing a hash string. */
export class UserRepository {
  private readonly prepare: Prepare

  constructor(db: Db) {
    this.prepare = preparedOnce(db)
  }

  byId(id: number): UserRecord | null {
    return toRecord(this.prepare(`SELECT ${columns} FROM users WHERE id = ?`).get(id) as Row | undefined)
  }

  byUsernameKey(key: string): UserRecord | null {
    return toRecord(this.prepare(`SELECT ${columns} FROM users WHERE username_key = ?`).get(key) as Row | undefined)
  }

  byEmailKey(key: string): UserRecord | null {
    return toRecord(this.prepare(`SELECT ${columns} FROM users WHERE email_key = ?`).get(key) as Row | undefined)
  }

  usernameKeyTaken(key: string, exceptId = 0): boolean {
    return this.prepare('SELECT 1 FROM users WHERE username_key = ? AND id != ?').get(key, exceptId) !== undefined
  }

  /** Whether another account's username looks like this one (the same skeleton, migration 17). */
  lookAlikeTaken(usernameKey: string, exceptId = 0): boolean {
    return (
      this.prepare('SELECT 1 FROM users WHERE username_skeleton = username_skeleton(?) AND id != ?').get(
        usernameKey,
        exceptId
      ) !== undefined
    )
  }

  emailKeyTaken(key: string, exceptId = 0): boolean {
    return this.prepare('SELECT 1 FROM users WHERE email_key = ? AND id != ?').get(key, exceptId) !== undefined
  }

  /** Kept by triggers (migration 5): count(*) would read a whole index, twice per sign-up. */
  count(): number {
    return (this.prepare('SELECT n FROM users_count').get() as { n: number }).n
  }

  /**
   * Administrators who can sign in on `today` ('YYYY-MM-DD', the workstation's calendar, from
   * core's clock): active and not expired. An expired administrator is no administrator at all.
   */
  countUsableAdmins(today: string): number {
    return (
      this.prepare(
        'SELECT count(*) AS n FROM users WHERE is_admin = 1 AND is_active = 1 AND (expires_on IS NULL OR expires_on > ?)'
      ).get(today) as { n: number }
    ).n
  }

  /** Active administrators, and those of them without two-factor authentication. */
  countActiveAdminsByTwoFactor(): AdministratorCount {
    return this.prepare(
      `SELECT count(*) AS administrators, coalesce(sum(two_factor_on = 0), 0) AS withoutTwoFactor
         FROM users WHERE is_admin = 1 AND is_active = 1`
    ).get() as AdministratorCount
  }

  /**
   * The folded forms and the skeleton are given here, as the triggers would compute them: the
   * triggers' follow-up UPDATE would rewrite every sort index a second time (a sign-up's commit
   * was four times larger for it), and a look-alike meets the unique index in this INSERT.
   */
  insert(user: NewUser): number {
    const result = this.prepare(
      `INSERT INTO users (username, username_key, email, email_key, password_hash, is_admin, created_at,
           must_change_password, name_fold, email_fold, username_skeleton)
         VALUES (@username, @usernameKey, @email, @emailKey, @passwordHash, @isAdmin, @createdAt, @mustChangePassword,
           @nameFold, @emailFold, @skeleton)`
    ).run({
      ...user,
      isAdmin: user.isAdmin ? 1 : 0,
      mustChangePassword: user.mustChangePassword ? 1 : 0,
      nameFold: foldForSearch(user.username),
      emailFold: foldForSearch(user.email),
      skeleton: usernameSkeleton(user.usernameKey)
    })
    return Number(result.lastInsertRowid)
  }

  setPasswordHash(id: number, hash: string, changedAt: number, mustChange = false): void {
    this.prepare(
      `UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = ?,
           temporary_login_at = NULL WHERE id = ?`
    ).run(hash, changedAt, mustChange ? 1 : 0, id)
  }

  /** Replaces the hash only if it is still `expected` (a rehash must not undo a concurrent change). */
  replacePasswordHash(id: number, expected: string, hash: string): void {
    this.prepare('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?').run(hash, id, expected)
  }

  /**
   * Spends the one login a temporary password allows: true for the first login since it was set,
   * false once it has been used (the administrator must set another).
   */
  spendTemporaryPassword(id: number, at: number): boolean {
    return (
      this.prepare(
        'UPDATE users SET temporary_login_at = ? WHERE id = ? AND must_change_password = 1 AND temporary_login_at IS NULL'
      ).run(at, id).changes === 1
    )
  }

  /**
   * A login's check and record in one statement, for an account read before its password was
   * verified: true if it is still active and its password is the one verified (another login's
   * rehash changes only the hash; a change of password sets a new changed-at), and then the
   * login time is written when `at` is given.
   */
  stillSignsIn(id: number, verified: { hash: string | null; changedAt: number | null }, at: number | null): boolean {
    return (
      this.prepare(
        `UPDATE users SET last_login_at = coalesce(@at, last_login_at)
         WHERE id = @id AND is_active = 1 AND (password_hash IS @hash OR password_changed_at IS @changedAt)`
      ).run({ id, at, hash: verified.hash, changedAt: verified.changedAt }).changes === 1
    )
  }

  setLastLogin(id: number, at: number): void {
    this.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(at, id)
  }

  update(
    id: number,
    changes: { email?: string; emailKey?: string; isAdmin?: boolean; isActive?: boolean; expiresOn?: string | null }
  ): void {
    const sets: string[] = []
    const params: Record<string, string | number | null> = { id }
    if (changes.expiresOn !== undefined) {
      sets.push('expires_on = @expiresOn')
      params.expiresOn = changes.expiresOn
    }
    if (changes.email !== undefined && changes.emailKey !== undefined) {
      sets.push('email = @email', 'email_key = @emailKey')
      params.email = changes.email
      params.emailKey = changes.emailKey
    }
    if (changes.isAdmin !== undefined) {
      sets.push('is_admin = @isAdmin')
      params.isAdmin = changes.isAdmin ? 1 : 0
    }
    if (changes.isActive !== undefined) {
      sets.push('is_active = @isActive')
      params.isActive = changes.isActive ? 1 : 0
    }
    if (sets.length) this.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = @id`).run(params)
  }

  /** The hashes the Django import kept that no login has replaced yet (the hasher measures their kinds). */
  legacyHashes(): IterableIterator<string> {
    return this.prepare(
      "SELECT password_hash FROM users WHERE source = 'django' AND password_hash IS NOT NULL AND password_hash NOT LIKE '$argon2id$%'"
    )
      .pluck()
      .iterate() as IterableIterator<string>
  }

  byDirectoryDn(dn: string): UserRecord | null {
    return toRecord(this.prepare(`SELECT ${columns} FROM users WHERE directory_dn = ?`).get(dn) as Row | undefined)
  }

  /** A directory shadow account: no local password; the directory's entry DN, email and admin flag. */
  insertFromDirectory(user: Omit<NewUser, 'passwordHash'> & { directoryDn: string }): number {
    const result = this.prepare(
      `INSERT INTO users (username, username_key, email, email_key, password_hash, is_admin, created_at, directory_dn)
       VALUES (@username, @usernameKey, @email, @emailKey, NULL, @isAdmin, @createdAt, @directoryDn)`
    ).run({ ...user, isAdmin: user.isAdmin ? 1 : 0 })
    return Number(result.lastInsertRowid)
  }

  delete(id: number): void {
    this.prepare('DELETE FROM users WHERE id = ?').run(id)
  }
}
