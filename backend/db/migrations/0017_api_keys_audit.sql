-- Named API keys for the HTTP listener. Only the SHA-256 of a key is kept: keys are 256 random
-- bits, so a fast hash is enough (nothing to brute-force), and the hash is what a request's key
-- is looked up by. last_used_at is written at most once a minute per key.
CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    scope         TEXT NOT NULL CHECK (scope IN ('read', 'run', 'admin')),
    hash          BLOB NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX api_keys_name ON api_keys(name COLLATE NOCASE);

-- Every change made from the window or over the API: who (desktop or a key's name), which
-- request, what and on what, and a JSON before/after diff whose secret fields are redacted.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    request_id  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    diff        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log(at DESC);
CREATE INDEX audit_log_actor ON audit_log(actor, at DESC);
CREATE INDEX audit_log_action ON audit_log(action, at DESC);
