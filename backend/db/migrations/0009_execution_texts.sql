-- A run's prompt and message move to their own table. In the executions row they were rewritten
-- by every UPDATE of the row (SQLite writes whole records), so a run with a 9 MiB prompt rewrote
-- 18 MB for each batch of log lines it stored, and every list walked past them. The row keeps
-- what lists show: the first KiB of each (cut again at a UTF-8 boundary when read) and the full
-- sizes. A message found inside the prompt (the {message} placeholder) is stored once, as its
-- byte offset in the prompt.
CREATE TABLE execution_texts (
    execution_id  TEXT PRIMARY KEY REFERENCES executions(id) ON DELETE CASCADE,
    prompt        TEXT NOT NULL,
    message       TEXT NOT NULL DEFAULT '', -- '' when message_at is set
    message_at    INTEGER                   -- byte offset of the message in prompt, or NULL
);

INSERT INTO execution_texts(execution_id, prompt, message, message_at)
SELECT id, prompt,
    CASE WHEN at > 0 THEN '' ELSE message END,
    CASE WHEN at > 0 THEN at - 1 END
FROM (SELECT id, prompt, message,
        CASE WHEN message = '' THEN 0 ELSE instr(CAST(prompt AS BLOB), CAST(message AS BLOB)) END AS at
    FROM executions);

ALTER TABLE executions ADD COLUMN prompt_head TEXT NOT NULL DEFAULT '';
ALTER TABLE executions ADD COLUMN message_head TEXT NOT NULL DEFAULT '';
ALTER TABLE executions ADD COLUMN prompt_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE executions ADD COLUMN message_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE executions SET prompt_head = substr(prompt, 1, 1024), message_head = substr(message, 1, 1024),
    prompt_bytes = octet_length(prompt), message_bytes = octet_length(message);
ALTER TABLE executions DROP COLUMN prompt;
ALTER TABLE executions DROP COLUMN message;
