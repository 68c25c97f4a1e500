-- One row that readiness rewrites to prove the store accepts writes: a ping or a read still
-- succeeds on a database whose files cannot be written (read-only mount, full disk, immutable
-- files), which is exactly when webhooks must be told to retry.
CREATE TABLE health_heartbeat (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    beat_at  TEXT NOT NULL
);
