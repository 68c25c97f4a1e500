-- Log text moves out of SQLite: each execution appends its lines to one file, <log dir>/<id>.log,
-- and a chunk row only says where its batch lies in that file (file_offset, file_length: the
-- lines joined by "\n", each followed by one). Writing 100 MB of text through the WAL cost ten
-- times what the bytes themselves cost; an index row per batch costs almost nothing. Rows written
-- before this migration keep their text inline (file_length IS NULL) and are read as they are,
-- so old logs need no conversion.
ALTER TABLE execution_chunks ADD COLUMN file_offset INTEGER;
ALTER TABLE execution_chunks ADD COLUMN file_length INTEGER;
