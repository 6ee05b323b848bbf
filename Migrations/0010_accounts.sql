-- Accounts, tokens, sessions and the audit log (issue 21; docs/web-security.md). Managed from the
-- command line on the host (`ipreg user`, `ipreg token`); user SQL (`ipreg sql`, `/sql`, saved
-- reports) may not read any of these tables, and `export` leaves them out.
--
-- Nothing secret is kept in the clear: a password is kept as a bcrypt string, a token and a
-- session id as the SHA-256 of the random value handed out once.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE
                  CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^A-Za-z0-9._-]*'),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    password_hash TEXT NOT NULL CHECK (password_hash GLOB '$2[aby]$[0-9][0-9]$*'),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL
);

-- The divisions an editor's rights cover (containment, as `--region` filters).
CREATE TABLE user_regions (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES divisions (code),
    PRIMARY KEY (user_id, region_code)
) WITHOUT ROWID;

CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label        TEXT CHECK (label IS NULL OR length(label) BETWEEN 1 AND 200),
    hash         TEXT NOT NULL UNIQUE CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    last_used_at TEXT,
    revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE INDEX tokens_by_user ON tokens (user_id);

-- A token narrowed to some of its user's regions; none means the user's own.
CREATE TABLE token_regions (
    token_id    INTEGER NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES divisions (code),
    PRIMARY KEY (token_id, region_code)
) WITHOUT ROWID;

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY NOT NULL CHECK (length(id_hash) = 64 AND id_hash NOT GLOB '*[^0-9a-f]*'),
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    csrf       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Sign-ins, failed sign-ins, token use and refusals. The actor is kept as text, not a reference,
-- so an entry outlives the account it names.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    time    TEXT NOT NULL,
    actor   TEXT,
    address TEXT,
    method  TEXT,
    path    TEXT,
    status  INTEGER,
    detail  TEXT
);
