-- What Agented told the user: failed runs, guard stops, budget warnings, paused triggers,
-- exhausted retries, storage failures. The bell in the app lists them; read_at is '' until the
-- user has seen one. execution_id is not a foreign key: a notification outlives the run it names
-- until retention deletes both.
CREATE TABLE notifications (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    level         TEXT NOT NULL,
    title         TEXT NOT NULL,
    message       TEXT NOT NULL,
    execution_id  TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    read_at       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notifications_created ON notifications(created_at DESC);
CREATE INDEX notifications_unread ON notifications(read_at) WHERE read_at = '';
