/**
 * Numbered schema migrations. Migration N brings the database from `user_version` N-1 to N;
 * each runs in its own transaction. Never edit one that has shipped: add the next.
 * Times are INTEGER milliseconds since the epoch.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: accounts, sessions, audit trail
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    created_at INTEGER NOT NULL,
    last_login_at INTEGER,
    password_changed_at INTEGER
  ) STRICT;

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    secret_hash BLOB NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    window_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_user ON sessions(user_id);

  CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
    actor_user_id INTEGER,
    actor_username TEXT,
    subject_user_id INTEGER,
    subject_username TEXT,
    detail TEXT
  ) STRICT;
  CREATE INDEX audit_events_at ON audit_events(at);
  CREATE INDEX audit_events_subject ON audit_events(subject_username COLLATE NOCASE, at);
  CREATE INDEX audit_events_kind ON audit_events(kind, at);
  `,
  // 2: password reset codes and the outgoing mail store
  `
  CREATE TABLE reset_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    used_at INTEGER
  ) STRICT;
  CREATE INDEX reset_codes_user ON reset_codes(user_id);

  CREATE TABLE reset_requests (
    id INTEGER PRIMARY KEY,
    email_key TEXT NOT NULL,
    at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX reset_requests_email ON reset_requests(email_key, at);

  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body BLOB NOT NULL,
    transport TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT
  ) STRICT;
  `,
  // 3: brute-force lockout, counted per username tried (known or not)
  `
  CREATE TABLE login_throttle (
    username_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    locked_until INTEGER
  ) STRICT;
  `,
  // 4: the Accounts console pages through 100,000 accounts in any order without a sort, and
  // tests its search against both keys inside the index it walks, never in the table rows;
  // the audit trail filters by actor as fast as by subject
  `
  CREATE INDEX users_by_name ON users(username_key, email_key);
  CREATE INDEX users_by_email ON users(email_key, username_key);
  CREATE INDEX users_by_admin ON users(is_admin, username_key, email_key);
  CREATE INDEX users_by_active ON users(is_active, username_key, email_key);
  CREATE INDEX users_by_last_login ON users(last_login_at, username_key, email_key);
  CREATE INDEX users_by_joined ON users(created_at, username_key, email_key);
  CREATE INDEX audit_events_actor ON audit_events(actor_username COLLATE NOCASE, at);
  `,
  // directory sign-in: a shadow account remembers the directory entry it stands for; it has no
  // local password, and the directory owns its username, email and administrator flag
  `
  ALTER TABLE users ADD COLUMN directory_dn TEXT;
  CREATE UNIQUE INDEX users_by_directory_dn ON users(directory_dn) WHERE directory_dn IS NOT NULL;
  `
]
