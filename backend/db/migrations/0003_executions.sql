-- Runs of triggers. trigger_name and trigger_snapshot keep a run readable after its trigger is
-- edited or deleted. Secrets never appear here: argv is redacted, the snapshot has none.
CREATE TABLE executions (
    id                TEXT PRIMARY KEY,
    trigger_id        TEXT REFERENCES triggers(id) ON DELETE SET NULL,
    trigger_name      TEXT NOT NULL,
    kind              TEXT NOT NULL,
    backend_type      TEXT NOT NULL,
    status            TEXT NOT NULL,
    prompt            TEXT NOT NULL,
    message           TEXT NOT NULL DEFAULT '',
    argv              TEXT NOT NULL DEFAULT '[]',
    working_dir       TEXT NOT NULL DEFAULT '',
    trigger_snapshot  TEXT NOT NULL DEFAULT '{}',
    exit_code         INTEGER,
    queued_at         TEXT NOT NULL,
    started_at        TEXT NOT NULL DEFAULT '',
    finished_at       TEXT NOT NULL DEFAULT '',
    duration_ms       INTEGER NOT NULL DEFAULT 0,
    error_message     TEXT NOT NULL DEFAULT '',
    failure_kind      TEXT NOT NULL DEFAULT '',
    failure_evidence  TEXT NOT NULL DEFAULT '',
    reset_at          TEXT NOT NULL DEFAULT '',
    usage             TEXT NOT NULL DEFAULT '{}',
    cost_usd          REAL NOT NULL DEFAULT 0,
    line_count        INTEGER NOT NULL DEFAULT 0,
    stored_bytes      INTEGER NOT NULL DEFAULT 0,
    truncated         INTEGER NOT NULL DEFAULT 0,
    warnings          TEXT NOT NULL DEFAULT '[]',
    rerun_of          TEXT NOT NULL DEFAULT '',
    indexed           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX executions_trigger ON executions(trigger_id, queued_at DESC);
CREATE INDEX executions_status ON executions(status, queued_at);
CREATE INDEX executions_queued ON executions(queued_at DESC);

-- Output lines, stored as chunks: one row per persisted batch, so a CLI printing a million lines
-- costs a few hundred inserts, not a million. text holds the batch's lines joined by "\n" (a line
-- never contains one); meta holds per line its stream (0 stdout, 1 stderr, 2 system) and time.
CREATE TABLE execution_chunks (
    id            INTEGER PRIMARY KEY,
    execution_id  TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
    first_seq     INTEGER NOT NULL,
    last_seq      INTEGER NOT NULL,
    meta          BLOB NOT NULL,
    text          TEXT NOT NULL
);
CREATE UNIQUE INDEX execution_chunks_seq ON execution_chunks(execution_id, first_seq);
CREATE INDEX execution_chunks_last ON execution_chunks(execution_id, last_seq);

-- Full-text index over finished runs' chunks (rowid = execution_chunks.id). It is filled once a
-- run ends so that indexing never slows a streaming run down; running runs are searched with LIKE.
CREATE VIRTUAL TABLE execution_chunks_fts USING fts5(text, content='', contentless_delete=1);

CREATE TRIGGER execution_chunks_unindex AFTER DELETE ON execution_chunks BEGIN
    DELETE FROM execution_chunks_fts WHERE rowid = old.id;
END;
