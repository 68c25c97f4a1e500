-- The dispatcher reads the queue, oldest first, every time a run ends, and the indexer asks for
-- finished runs not yet in the full-text index after every burst. With thousands of runs queued,
-- both read every queued row each time (the dispatcher also sorted them). These partial indexes
-- hold only the rows each one asks for, the queue in the order it is read. The queries name the
-- statuses literally, so that SQLite can tell that the indexes cover them.
CREATE INDEX executions_queue ON executions(status) WHERE status = 'queued';
CREATE INDEX executions_to_index ON executions(id) WHERE indexed = 0 AND status NOT IN ('queued', 'running');
