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
  // 5: lockout hardening. A name typed at login that matches no account may be a password typed
  // into the wrong field: the throttle keys it by an HMAC under a key of this data folder, the
  // audit keeps no text for it, and the clear-text rows of earlier versions are scrubbed
  // (secure_delete zeroes the freed bytes in the file too). A temporary password set by an
  // administrator opens one login only: `temporary_login_at` records that login.
  `
  CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
  ) STRICT;
  INSERT INTO secrets (name, value) VALUES ('login_throttle_key', randomblob(32));

  PRAGMA secure_delete = ON;
  DELETE FROM login_throttle WHERE username_key NOT IN (SELECT username_key FROM users);
  UPDATE audit_events SET subject_username = NULL, detail = coalesce(detail || ' (unknown name)', 'unknown name')
    WHERE subject_user_id IS NULL AND subject_username IS NOT NULL AND kind IN ('login', 'lockout');
  PRAGMA secure_delete = OFF;

  ALTER TABLE users ADD COLUMN temporary_login_at INTEGER;
  `,
  // 6: failed sign-ups that found a name taken, and wrong reset codes, counted per window (a keyed
  // hash of its id) and workstation-wide, so a throttle holds across windows and processes
  `
  CREATE TABLE attempt_failures (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    window_key BLOB NOT NULL,
    at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX attempt_failures_by_scope ON attempt_failures(scope, at);
  CREATE INDEX attempt_failures_by_window ON attempt_failures(scope, window_key, at);
  `,
  // 7: where an account came from: made here, or brought in by `npm run import-django` (the console
  // says so, and a second import recognises what the first one brought)
  `
  ALTER TABLE users ADD COLUMN source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'django'));
  `,
  // 8: settings changed on the Settings screen, one row per setting (its path in settings.json),
  // the value as JSON; settings.json and the environment still win over these
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
  ) STRICT;
  `,
  // 9: the Accounts console's search uses a trigram full-text index of the folded keys instead
  // of reading every index entry, and its unfiltered total a count kept by triggers instead of
  // count(*). Triggers, not the repository, keep both in step, so every writer (sign-up, admin
  // edits, deletion, seeding, a bulk import) updates them in its own transaction. Each key is
  // indexed with two U+0001 after it, so every 1- or 2-character substring starts some trigram
  // and short searches can read the index too (see db/account-list.ts). The view is what the
  // index holds, so 'rebuild' and 'integrity-check' compare it against the users table.
  `
  CREATE VIEW users_search_text AS
    SELECT id, username_key || char(1, 1) AS username_key, email_key || char(1, 1) AS email_key FROM users;
  CREATE VIRTUAL TABLE users_search USING fts5(
    username_key, email_key,
    content = 'users_search_text', content_rowid = 'id', columnsize = 0,
    tokenize = 'trigram case_sensitive 1'
  );
  CREATE VIRTUAL TABLE users_search_terms USING fts5vocab(users_search, 'instance');
  INSERT INTO users_search(users_search) VALUES ('rebuild');

  CREATE TABLE users_count (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    n INTEGER NOT NULL
  ) STRICT;
  INSERT INTO users_count (only_row, n) SELECT 1, count(*) FROM users;

  CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, username_key, email_key)
      VALUES (new.id, new.username_key || char(1, 1), new.email_key || char(1, 1));
    UPDATE users_count SET n = n + 1;
  END;
  CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, username_key, email_key)
      VALUES ('delete', old.id, old.username_key || char(1, 1), old.email_key || char(1, 1));
    UPDATE users_count SET n = n - 1;
  END;
  CREATE TRIGGER users_search_update AFTER UPDATE OF id, username_key, email_key ON users BEGIN
    INSERT INTO users_search (users_search, rowid, username_key, email_key)
      VALUES ('delete', old.id, old.username_key || char(1, 1), old.email_key || char(1, 1));
    INSERT INTO users_search (rowid, username_key, email_key)
      VALUES (new.id, new.username_key || char(1, 1), new.email_key || char(1, 1));
  END;
  `,
  // 10: two-factor authentication: each user's TOTP secret (AES-256-GCM, its key in `secrets`,
  // made by migration 5), the last time-step used (a code never works twice), and hashed
  // single-use recovery codes
  `
  CREATE TABLE two_factor (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sealed_key BLOB NOT NULL,
    enabled_at INTEGER,
    last_used_step INTEGER
  ) STRICT;

  CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash BLOB NOT NULL,
    used_at INTEGER
  ) STRICT;
  CREATE INDEX recovery_codes_user ON recovery_codes(user_id, code_hash);
  `,
  // 11: directory sign-in: a shadow account remembers the directory entry it stands for; it has no
  // local password, and the directory owns its username, email and administrator flag
  `
  ALTER TABLE users ADD COLUMN directory_dn TEXT;
  CREATE UNIQUE INDEX users_by_directory_dn ON users(directory_dn) WHERE directory_dn IS NOT NULL;
  `,
  // 12: one workstation, many people: a session may be locked (kept, hidden behind the Lock screen)
  // and is named across IPC by a random handle, never by its id (half of its token); a password
  // confirmed again ("Confirm it's you") is remembered on it; a session that ended while locked
  // stays as a row with no usable secret and its reason, so its owner is told at the next unlock.
  // Each user's latest sign-in (time, window) is kept for "Last signed in", and a two-factor
  // set-up under way remembers the session that began it
  `
  ALTER TABLE sessions ADD COLUMN handle TEXT;
  ALTER TABLE sessions ADD COLUMN locked_at INTEGER;
  ALTER TABLE sessions ADD COLUMN reauthenticated_at INTEGER;
  ALTER TABLE sessions ADD COLUMN ended_reason TEXT;
  ALTER TABLE sessions ADD COLUMN previous_sign_in_at INTEGER;
  ALTER TABLE sessions ADD COLUMN previous_sign_in_window TEXT;
  CREATE UNIQUE INDEX sessions_by_handle ON sessions(handle) WHERE handle IS NOT NULL;
  CREATE INDEX sessions_locked ON sessions(locked_at) WHERE locked_at IS NOT NULL;

  CREATE TABLE last_sign_ins (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    window_id TEXT NOT NULL
  ) STRICT;

  ALTER TABLE two_factor ADD COLUMN pending_session_id TEXT;
  `,
  // 13: the console's search ignores case and accents and sorts as people read (db/search-fold.ts):
  // each account keeps its folded name and email (fold_key(), a function every connection
  // registers), the trigram index and the sort indexes hold those (the index's triggers fold the
  // name themselves, so they never depend on the order triggers fire in), and a flag says whether
  // two-factor is on so the console can filter and sort by it. Triggers keep all of it, as in
  // migration 9; a writer that gives the folded forms itself (seeding) spares the fold's update,
  // and one that defers the index (search_index_deferred(), seeding) adds its rows in one go.
  `
  ALTER TABLE users ADD COLUMN name_fold TEXT NOT NULL DEFAULT '';
  ALTER TABLE users ADD COLUMN email_fold TEXT NOT NULL DEFAULT '';
  ALTER TABLE users ADD COLUMN two_factor_on INTEGER NOT NULL DEFAULT 0 CHECK (two_factor_on IN (0, 1));
  UPDATE users SET name_fold = fold_key(username), email_fold = fold_key(email),
    two_factor_on = EXISTS (SELECT 1 FROM two_factor f WHERE f.user_id = users.id AND f.enabled_at IS NOT NULL);

  DROP TRIGGER users_search_insert;
  DROP TRIGGER users_search_delete;
  DROP TRIGGER users_search_update;
  DROP TABLE users_search_terms;
  DROP TABLE users_search;
  DROP VIEW users_search_text;
  DROP INDEX users_by_name;
  DROP INDEX users_by_email;
  DROP INDEX users_by_admin;
  DROP INDEX users_by_active;
  DROP INDEX users_by_last_login;
  DROP INDEX users_by_joined;

  CREATE INDEX users_by_name ON users(name_fold, username_key, email_fold);
  CREATE INDEX users_by_email ON users(email_fold, email_key, name_fold);
  CREATE INDEX users_by_admin ON users(is_admin, name_fold, username_key, email_fold);
  CREATE INDEX users_by_active ON users(is_active, name_fold, username_key, email_fold);
  CREATE INDEX users_by_two_factor ON users(two_factor_on, name_fold, username_key, email_fold);
  CREATE INDEX users_by_last_login ON users(last_login_at, name_fold, username_key, email_fold);
  CREATE INDEX users_by_joined ON users(created_at, name_fold, username_key, email_fold);

  CREATE VIEW users_search_text AS
    SELECT id, name_fold || char(1, 1) AS name_fold, email_fold || char(1, 1) AS email_fold FROM users;
  CREATE VIRTUAL TABLE users_search USING fts5(
    name_fold, email_fold,
    content = 'users_search_text', content_rowid = 'id', columnsize = 0,
    tokenize = 'trigram case_sensitive 1'
  );
  CREATE VIRTUAL TABLE users_search_terms USING fts5vocab(users_search, 'instance');
  INSERT INTO users_search(users_search) VALUES ('rebuild');

  CREATE TRIGGER users_fold_insert AFTER INSERT ON users
    WHEN new.name_fold IS NOT fold_key(new.username) OR new.email_fold IS NOT fold_key(new.email) BEGIN
    UPDATE users SET name_fold = fold_key(new.username), email_fold = fold_key(new.email) WHERE id = new.id;
  END;
  CREATE TRIGGER users_fold_update AFTER UPDATE OF username, email ON users BEGIN
    UPDATE users SET name_fold = fold_key(new.username), email_fold = fold_key(new.email) WHERE id = new.id;
  END;
  CREATE TRIGGER users_search_insert AFTER INSERT ON users WHEN NOT search_index_deferred() BEGIN
    INSERT INTO users_search (rowid, name_fold, email_fold)
      VALUES (new.id, fold_key(new.username) || char(1, 1), fold_key(new.email) || char(1, 1));
  END;
  CREATE TRIGGER users_count_insert AFTER INSERT ON users BEGIN
    UPDATE users_count SET n = n + 1;
  END;
  CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, name_fold, email_fold)
      VALUES ('delete', old.id, fold_key(old.username) || char(1, 1), fold_key(old.email) || char(1, 1));
    UPDATE users_count SET n = n - 1;
  END;
  CREATE TRIGGER users_search_update AFTER UPDATE OF id, username, email ON users BEGIN
    INSERT INTO users_search (users_search, rowid, name_fold, email_fold)
      VALUES ('delete', old.id, fold_key(old.username) || char(1, 1), fold_key(old.email) || char(1, 1));
    INSERT INTO users_search (rowid, name_fold, email_fold)
      VALUES (new.id, fold_key(new.username) || char(1, 1), fold_key(new.email) || char(1, 1));
  END;

  CREATE TRIGGER two_factor_on_insert AFTER INSERT ON two_factor WHEN new.enabled_at IS NOT NULL BEGIN
    UPDATE users SET two_factor_on = 1 WHERE id = new.user_id;
  END;
  CREATE TRIGGER two_factor_on_update AFTER UPDATE OF enabled_at, user_id ON two_factor BEGIN
    UPDATE users SET two_factor_on = 0 WHERE id = old.user_id;
    UPDATE users SET two_factor_on = (new.enabled_at IS NOT NULL) WHERE id = new.user_id;
  END;
  CREATE TRIGGER two_factor_on_delete AFTER DELETE ON two_factor BEGIN
    UPDATE users SET two_factor_on = 0 WHERE id = old.user_id;
  END;
  `,
  // 14: an account's expiry date (Account expires), a calendar date 'YYYY-MM-DD' of the
  // workstation's own calendar: from that day on the account cannot sign in; NULL = never
  `
  ALTER TABLE users ADD COLUMN expires_on TEXT CHECK (expires_on IS NULL OR expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
  CREATE INDEX users_by_expiry ON users(expires_on) WHERE expires_on IS NOT NULL;
  `,
  // 15: the audit trail folds repeats of one refusal (a locked name tried in a loop) into one
  // row: how many times, and when the last was
  `
  ALTER TABLE audit_events ADD COLUMN repeat_count INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE audit_events ADD COLUMN last_at INTEGER;
  `,
  // 16: sign-up and reset-code probes are slowed, not stopped: when the next slowed answer may
  // go, for the whole workstation (an empty window_key) and per window
  `
  CREATE TABLE throttle_pauses (
    scope TEXT NOT NULL,
    window_key BLOB NOT NULL,
    next_at INTEGER NOT NULL,
    PRIMARY KEY (scope, window_key)
  ) STRICT;
  `,
  // 17: look-alike usernames are refused (issue 19): each account keeps the TR39 skeleton of its
  // username key (username_skeleton(), db/username-skeleton.ts, a function every connection
  // registers), and a unique index refuses a second name with the same skeleton whichever
  // process writes it. Older versions let look-alikes in: of each group of them, the oldest
  // account keeps the skeleton (so new look-alikes of it are still refused) and the later ones get
  // NULL, which a unique index lets repeat; nothing is renamed or removed, and the migration never
  // fails on them. When the holder is deleted, the oldest of its look-alikes left takes the
  // skeleton over (only the NULL rows are read, through the index). Triggers keep the column, as
  // migration 13's keep the folds; a writer that gives the skeleton itself (seeding, with
  // usernameSkeleton) spares the update and meets the index in its own INSERT.
  `
  ALTER TABLE users ADD COLUMN username_skeleton TEXT;
  UPDATE users SET username_skeleton = username_skeleton(username_key);
  UPDATE users SET username_skeleton = NULL
    WHERE id NOT IN (SELECT min(id) FROM users GROUP BY username_skeleton);
  CREATE UNIQUE INDEX users_by_skeleton ON users(username_skeleton);

  CREATE TRIGGER users_skeleton_insert AFTER INSERT ON users WHEN new.username_skeleton IS NULL BEGIN
    UPDATE users SET username_skeleton = username_skeleton(new.username_key) WHERE id = new.id;
  END;
  CREATE TRIGGER users_skeleton_update AFTER UPDATE OF username_key ON users
    WHEN new.username_key IS NOT old.username_key BEGIN
    UPDATE users SET username_skeleton = username_skeleton(new.username_key) WHERE id = new.id;
  END;
  CREATE TRIGGER users_skeleton_delete AFTER DELETE ON users
    WHEN old.username_skeleton IS NOT NULL AND EXISTS (SELECT 1 FROM users WHERE username_skeleton IS NULL) BEGIN
    UPDATE users SET username_skeleton = old.username_skeleton WHERE id = (
      SELECT min(id) FROM users WHERE username_skeleton IS NULL AND username_skeleton(username_key) = old.username_skeleton
    );
  END;
  `,
  // 18: the console's sort indexes (migration 13) also hold the three flags the Show filter tests
  // (administrator, active, two-factor on), so a search that walks one in its order with a filter
  // reads the index alone instead of a table row per account it passes (db/account-search.ts).
  // Small integers take no room in a row beyond their type, so each entry grows by three bytes.
  `
  DROP INDEX users_by_name;
  DROP INDEX users_by_email;
  DROP INDEX users_by_admin;
  DROP INDEX users_by_active;
  DROP INDEX users_by_two_factor;
  DROP INDEX users_by_last_login;
  DROP INDEX users_by_joined;
  CREATE INDEX users_by_name ON users(name_fold, username_key, email_fold, is_admin, is_active, two_factor_on);
  CREATE INDEX users_by_email ON users(email_fold, email_key, name_fold, is_admin, is_active, two_factor_on);
  CREATE INDEX users_by_admin ON users(is_admin, name_fold, username_key, email_fold, is_active, two_factor_on);
  CREATE INDEX users_by_active ON users(is_active, name_fold, username_key, email_fold, is_admin, two_factor_on);
  CREATE INDEX users_by_two_factor ON users(two_factor_on, name_fold, username_key, email_fold, is_admin, is_active);
  CREATE INDEX users_by_last_login ON users(last_login_at, name_fold, username_key, email_fold, is_admin, is_active,
    two_factor_on);
  CREATE INDEX users_by_joined ON users(created_at, name_fold, username_key, email_fold, is_admin, is_active, two_factor_on);
  `,
  // 19: the login throttle is looked up only by its name key, so it is kept in that key's order
  // (WITHOUT ROWID) instead of in a rowid table beside a unique index on the key: each login writes
  // one page fewer for its attempt and one for clearing it (bench: login_wal_pages). The sessions
  // stay a rowid table: the rowid is what orders sessions locked and made in the same millisecond,
  // which decides the one a new lock past the limit ends. Rows are copied as they are.
  `
  CREATE TABLE login_throttle_by_key (
    username_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    locked_until INTEGER
  ) STRICT, WITHOUT ROWID;
  INSERT INTO login_throttle_by_key (username_key, failures, last_failure_at, locked_until)
    SELECT username_key, failures, last_failure_at, locked_until FROM login_throttle;
  DROP TABLE login_throttle;
  ALTER TABLE login_throttle_by_key RENAME TO login_throttle;
  `
]
