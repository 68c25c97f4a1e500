-- Inbound webhooks: dedup state, the delivery log and GitHub pull request records.
-- Secrets and signatures never appear here (headers are redacted before they are stored).

-- Generic webhook dedup: a (trigger, payload hash) pair dispatched less than 10 s ago is a
-- duplicate. Checked and inserted in one transaction; expired keys are pruned by the service.
CREATE TABLE webhook_dedup_keys (
    trigger_id    TEXT NOT NULL,
    payload_hash  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (trigger_id, payload_hash)
) WITHOUT ROWID;
CREATE INDEX webhook_dedup_keys_created ON webhook_dedup_keys(created_at);

-- GitHub deliveries already processed, by X-GitHub-Delivery, so a redelivery never starts a
-- second run. Separate from webhook_deliveries because that log also keeps rejected deliveries
-- (which must not claim a GUID) and is pruned on a user-chosen schedule.
CREATE TABLE webhook_github_deliveries (
    delivery_guid  TEXT PRIMARY KEY,
    received_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX webhook_github_deliveries_received ON webhook_github_deliveries(received_at);

-- Which webhook triggers require a signature. The secret itself is in the keyring; this flag lets
-- a delivery know without a keyring call whether a trigger needs one, and fail closed for that
-- trigger alone when the keyring cannot be read.
CREATE TABLE webhook_trigger_secrets (
    trigger_id  TEXT PRIMARY KEY REFERENCES triggers(id) ON DELETE CASCADE,
    set_at      TEXT NOT NULL
);

-- Every delivery received (or replayed), whatever its outcome.
CREATE TABLE webhook_deliveries (
    id                 TEXT PRIMARY KEY,
    received_at        TEXT NOT NULL,
    source             TEXT NOT NULL,                -- generic | github
    event              TEXT NOT NULL DEFAULT '',     -- X-GitHub-Event; "" for generic
    action             TEXT NOT NULL DEFAULT '',     -- payload "action"
    repo               TEXT NOT NULL DEFAULT '',     -- repository.full_name
    delivery_guid      TEXT NOT NULL DEFAULT '',     -- X-GitHub-Delivery
    remote_ip          TEXT NOT NULL DEFAULT '',
    signature          TEXT NOT NULL,                -- valid | invalid | missing | unconfigured | not_required | replay
    status_code        INTEGER NOT NULL,
    outcome            TEXT NOT NULL,                -- dispatched | duplicate | no_match | ignored | rejected | ...
    detail             TEXT NOT NULL DEFAULT '',     -- one human-readable line
    runs               TEXT NOT NULL DEFAULT '[]',   -- [{triggerId, executionId}]
    duplicates         TEXT NOT NULL DEFAULT '[]',   -- [triggerId]
    skipped            TEXT NOT NULL DEFAULT '[]',   -- [{triggerId, reason, code}]
    signed_triggers    TEXT NOT NULL DEFAULT '[]',   -- [triggerId] whose secret verified the body
    headers            TEXT NOT NULL DEFAULT '{}',   -- redacted
    payload            TEXT NOT NULL DEFAULT '',     -- raw body, first 1 MiB at most
    payload_size       INTEGER NOT NULL DEFAULT 0,   -- full body size in bytes
    payload_truncated  INTEGER NOT NULL DEFAULT 0,
    response           TEXT NOT NULL DEFAULT '',     -- the JSON we answered
    replay_of          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_deliveries_received ON webhook_deliveries(received_at DESC);
CREATE INDEX webhook_deliveries_source ON webhook_deliveries(source, received_at DESC);
CREATE INDEX webhook_deliveries_outcome ON webhook_deliveries(outcome, received_at DESC);

-- One row per pull request seen on GitHub, updated by every later event of the same PR.
CREATE TABLE pr_reviews (
    id              TEXT PRIMARY KEY,
    repo_full_name  TEXT NOT NULL COLLATE NOCASE,
    repo_url        TEXT NOT NULL DEFAULT '',
    pr_number       INTEGER NOT NULL,
    pr_title        TEXT NOT NULL DEFAULT '',
    pr_url          TEXT NOT NULL,
    pr_author       TEXT NOT NULL DEFAULT '',
    pr_state        TEXT NOT NULL DEFAULT 'open',    -- open | closed | merged
    last_action     TEXT NOT NULL DEFAULT '',
    head_sha        TEXT NOT NULL DEFAULT '',
    review_status   TEXT NOT NULL DEFAULT 'pending', -- pending | approved | changes_requested | fixed
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (repo_full_name, pr_number)
);
CREATE INDEX pr_reviews_updated ON pr_reviews(updated_at DESC);
