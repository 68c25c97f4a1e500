-- Accounts per backend: a subscription login (config_dir) and/or an API key. The key itself is in
-- the OS keyring (name "account:<id>"), or named by api_key_env; never here.
CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    backend     TEXT NOT NULL,
    name        TEXT NOT NULL,
    api_key_env TEXT NOT NULL DEFAULT '',
    config_dir  TEXT NOT NULL DEFAULT '',
    env         TEXT NOT NULL DEFAULT '{}', -- JSON object of non-secret variables
    is_default  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (backend, name)
);
CREATE UNIQUE INDEX accounts_one_default ON accounts(backend) WHERE is_default = 1;

-- An account (or, key "<backend>", a backend run without any account) that reported a rate limit
-- or an exhausted quota rests until its reset. Kept apart from accounts so a backend with no
-- account rows can cool down too.
CREATE TABLE account_cooldowns (
    key        TEXT PRIMARY KEY,
    until      TEXT NOT NULL, -- RFC 3339 UTC
    reason     TEXT NOT NULL DEFAULT '',
    failure    TEXT NOT NULL DEFAULT '', -- rate_limited | quota
    created_at TEXT NOT NULL
);

-- Which account a trigger runs on ('' = the backend's default) and what it falls back to.
CREATE TABLE trigger_routes (
    trigger_id     TEXT PRIMARY KEY REFERENCES triggers(id) ON DELETE CASCADE,
    account_id     TEXT NOT NULL DEFAULT '',
    fallback_chain TEXT NOT NULL DEFAULT '[]' -- JSON [{backend, accountId, model}]
);

-- A run is one logical execution made of attempts, one per CLI process.
CREATE TABLE execution_attempts (
    execution_id  TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
    attempt       INTEGER NOT NULL, -- 1, 2, ...
    entry         INTEGER NOT NULL, -- 0 = the trigger's own backend/account, n = fallbackChain[n-1]
    backend       TEXT NOT NULL,
    account_id    TEXT NOT NULL DEFAULT '',
    account_name  TEXT NOT NULL DEFAULT '',
    model         TEXT NOT NULL DEFAULT '',
    billing       TEXT NOT NULL DEFAULT '', -- api_key | subscription
    status        TEXT NOT NULL,
    failure_kind  TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    reset_at      TEXT NOT NULL DEFAULT '',
    session_id    TEXT NOT NULL DEFAULT '',
    changed_files INTEGER NOT NULL DEFAULT 0,
    resumed       INTEGER NOT NULL DEFAULT 0,
    started_at    TEXT NOT NULL DEFAULT '',
    finished_at   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (execution_id, attempt)
);

ALTER TABLE executions ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
ALTER TABLE executions ADD COLUMN account_name TEXT NOT NULL DEFAULT '';
ALTER TABLE executions ADD COLUMN billing TEXT NOT NULL DEFAULT '';
-- A queued run waiting for an account's reset is not dispatched before this (RFC 3339 UTC).
ALTER TABLE executions ADD COLUMN wait_until TEXT NOT NULL DEFAULT '';
ALTER TABLE executions ADD COLUMN wait_reason TEXT NOT NULL DEFAULT '';
