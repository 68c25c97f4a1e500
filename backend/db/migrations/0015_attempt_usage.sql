-- What each attempt of a run used (tokens, turns, model, as JSON like executions.usage) and cost.
-- A run's own usage and cost are the sums over its attempts, so a run the router moved between
-- accounts counts everything it spent; the attempt's figures say which account spent what.
ALTER TABLE execution_attempts ADD COLUMN usage TEXT NOT NULL DEFAULT '{}';
ALTER TABLE execution_attempts ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0;

-- Runs recorded before kept only their last attempt's usage, on the run: it moves to that attempt.
UPDATE execution_attempts
SET usage = COALESCE((SELECT json_remove(e.usage, '$.resultText') FROM executions e WHERE e.id = execution_attempts.execution_id), '{}'),
    cost_usd = COALESCE((SELECT e.cost_usd FROM executions e WHERE e.id = execution_attempts.execution_id), 0)
WHERE attempt = (SELECT MAX(a2.attempt) FROM execution_attempts a2 WHERE a2.execution_id = execution_attempts.execution_id);
