-- Pull request reviews: per-trigger GitHub options, the pull requests a GitHub trigger saw with
-- one history row per head SHA, and the poller's conditional-request state.

-- A GitHub trigger's options beyond its filters. A trigger without a row has the defaults.
CREATE TABLE trigger_github (
    trigger_id     TEXT PRIMARY KEY REFERENCES triggers(id) ON DELETE CASCADE,
    report         TEXT NOT NULL DEFAULT 'none',     -- none | comment
    mode           TEXT NOT NULL DEFAULT 'webhook',  -- webhook | poll
    poll_seconds   INTEGER NOT NULL DEFAULT 60,
    allow_authors  TEXT NOT NULL DEFAULT '[]',       -- JSON array of logins trusted like members
    trust_all      INTEGER NOT NULL DEFAULT 0        -- 1 turns safe mode off
);

-- One row per (trigger, repository, PR number). status follows the run of the current head SHA.
CREATE TABLE pull_requests (
    id                  TEXT PRIMARY KEY,
    trigger_id          TEXT NOT NULL REFERENCES triggers(id) ON DELETE CASCADE,
    repo                TEXT NOT NULL COLLATE NOCASE,
    number              INTEGER NOT NULL,
    title               TEXT NOT NULL DEFAULT '',
    body                TEXT NOT NULL DEFAULT '',
    author              TEXT NOT NULL DEFAULT '',
    author_association  TEXT NOT NULL DEFAULT '',
    html_url            TEXT NOT NULL DEFAULT '',
    head_sha            TEXT NOT NULL DEFAULT '',
    head_ref            TEXT NOT NULL DEFAULT '',
    base_ref            TEXT NOT NULL DEFAULT '',
    fork                INTEGER NOT NULL DEFAULT 0,
    status              TEXT NOT NULL,
    comment_id          INTEGER NOT NULL DEFAULT 0,
    comment_url         TEXT NOT NULL DEFAULT '',
    last_error          TEXT NOT NULL DEFAULT '',
    report_execution    TEXT NOT NULL DEFAULT '',   -- a finished run whose comment is still to be written
    report_retry_at     TEXT NOT NULL DEFAULT '',
    decided_by          TEXT NOT NULL DEFAULT '',
    decision_reason     TEXT NOT NULL DEFAULT '',
    decided_at          TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (trigger_id, repo, number)
);
CREATE INDEX pull_requests_updated ON pull_requests(updated_at DESC);

-- One row per head SHA of a pull request: a push is a new row. Its primary key is what makes a
-- PR seen by both a webhook and a poll run once per head SHA.
CREATE TABLE pull_request_runs (
    pr_id         TEXT NOT NULL REFERENCES pull_requests(id) ON DELETE CASCADE,
    head_sha      TEXT NOT NULL,
    execution_id  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    source        TEXT NOT NULL,               -- webhook | poll
    read_only     INTEGER NOT NULL DEFAULT 0,  -- approved after safe mode held it
    created_at    TEXT NOT NULL,
    PRIMARY KEY (pr_id, head_sha)
) WITHOUT ROWID;
CREATE INDEX pull_request_runs_execution ON pull_request_runs(execution_id) WHERE execution_id != '';

-- The poller's last answer per trigger and repository: its ETag, so an unchanged list costs no
-- rate limit, survives a restart.
CREATE TABLE github_polls (
    trigger_id  TEXT NOT NULL REFERENCES triggers(id) ON DELETE CASCADE,
    repo        TEXT NOT NULL COLLATE NOCASE,
    etag        TEXT NOT NULL DEFAULT '',
    polled_at   TEXT NOT NULL DEFAULT '',
    last_error  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (trigger_id, repo)
) WITHOUT ROWID;
