-- A run's argv used to hold its whole prompt a second time (the prompt column has it), and every
-- list of runs read it: megabytes per row for a long webhook prompt. New runs record a
-- placeholder such as "<prompt: 200 KiB>" where the prompt was (agent.PromptPlaceholder);
-- this gives older runs the same, also inside gemini's "--prompt=<prompt>" argument.
UPDATE executions SET argv = (
    SELECT json_group_array(CASE
            WHEN j.value = executions.prompt THEN p.ph
            WHEN j.value = '--prompt=' || executions.prompt THEN '--prompt=' || p.ph
            ELSE j.value END ORDER BY j.key)
    FROM json_each(executions.argv) AS j,
        (SELECT '<prompt: ' || CASE
                WHEN n < 1024 THEN n || ' B'
                WHEN n < 1048576 THEN (n / 1024) || ' KiB'
                ELSE printf('%.1f MiB', n / 1048576.0) END || '>' AS ph
            FROM (SELECT octet_length(executions.prompt) AS n)) AS p)
WHERE prompt <> '' AND json_valid(argv) AND octet_length(argv) > octet_length(prompt);
