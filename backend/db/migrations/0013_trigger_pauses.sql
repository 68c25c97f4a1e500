-- A trigger that failed too many times in a row pauses itself: it no longer fires from its
-- schedule, webhook or GitHub until the user resumes it. One row per trigger that was ever
-- paused; the triggers table is left alone so its editable columns stay what the editor saves.
CREATE TABLE trigger_pauses (
    trigger_id  TEXT PRIMARY KEY REFERENCES triggers(id) ON DELETE CASCADE,
    paused      INTEGER NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL DEFAULT '',  -- why, for the trigger's row and the notification
    paused_at   TEXT NOT NULL DEFAULT '',
    -- Failures that finished before this moment no longer count: set on resume, so one more
    -- failure does not pause the trigger again at once.
    count_from  TEXT NOT NULL DEFAULT ''
);
