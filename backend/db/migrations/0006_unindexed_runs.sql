-- The indexer asks for finished runs not yet in the full-text index after every burst of runs;
-- a partial index keeps that a lookup among the few unindexed rows, not a scan of the history.
CREATE INDEX executions_unindexed ON executions(id) WHERE indexed = 0;
