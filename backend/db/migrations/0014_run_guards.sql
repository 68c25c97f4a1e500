-- Run guards of a trigger, kept apart from the triggers row like its routes: how long a run may
-- print nothing while its processes sit idle before Agented warns or stops it (0 = never), and
-- the most one run may cost (0 = no limit). The turn limit is the trigger's max_turns.
CREATE TABLE trigger_guards (
    trigger_id    TEXT PRIMARY KEY REFERENCES triggers(id) ON DELETE CASCADE,
    stall_minutes INTEGER NOT NULL DEFAULT 0,
    stall_action  TEXT NOT NULL DEFAULT 'warn', -- warn | cancel
    max_cost_usd  REAL NOT NULL DEFAULT 0
);

-- Why Agented stopped a run (timeout, stalled, max_cost, max_turns, budget, cancelled; '' when it
-- ended by itself), and since when a running run has looked stalled ('' when it does not).
ALTER TABLE executions ADD COLUMN stop_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE executions ADD COLUMN stalled_at TEXT NOT NULL DEFAULT '';

-- Spending limits. scope: global (scope_id ''), trigger or account (scope_id names it); period:
-- day, week or month, in the machine's time zone. A soft limit warns once per period; a hard
-- limit refuses new runs and stops running ones.
CREATE TABLE budgets (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL DEFAULT '',
    scope       TEXT NOT NULL,
    scope_id    TEXT NOT NULL DEFAULT '',
    period      TEXT NOT NULL,
    soft_usd    REAL NOT NULL DEFAULT 0,
    hard_usd    REAL NOT NULL DEFAULT 0,
    warned_for  TEXT NOT NULL DEFAULT '', -- start of the period whose soft warning was sent
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE INDEX executions_started ON executions(started_at);
