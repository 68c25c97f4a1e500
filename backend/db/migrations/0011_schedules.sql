-- Schedules: a one-shot moment for `once` triggers, what a missed fire time does, and the
-- persisted plan of every scheduled trigger (its next fire time, and what happened last).
ALTER TABLE triggers ADD COLUMN schedule_at TEXT NOT NULL DEFAULT '';
ALTER TABLE triggers ADD COLUMN missed_run_policy TEXT NOT NULL DEFAULT 'skip';

CREATE TABLE schedule_plans (
    trigger_id      TEXT PRIMARY KEY REFERENCES triggers(id) ON DELETE CASCADE,
    spec_key        TEXT NOT NULL,             -- the schedule fields the plan was computed from
    next_fire_at    TEXT NOT NULL DEFAULT '',  -- RFC 3339 with the zone's offset; '' = no next fire
    next_fire_ms    INTEGER NOT NULL DEFAULT 0, -- the same instant in Unix milliseconds; 0 = none
    last_planned_at TEXT NOT NULL DEFAULT '',  -- the fire time last handled
    last_outcome    TEXT NOT NULL DEFAULT '',  -- fired | caught-up | missed | skipped | failed
    last_detail     TEXT NOT NULL DEFAULT '',  -- a sentence about the last outcome
    updated_at      TEXT NOT NULL
);
CREATE INDEX schedule_plans_next ON schedule_plans(next_fire_ms);
