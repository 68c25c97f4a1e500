-- Why a head SHA was skipped: 'disabled' or 'paused' when its trigger refused the run while it
-- was off, which makes the head SHA wait for the trigger to be enabled or resumed again; '' when
-- it stays skipped (rejected, or refused for another reason).
ALTER TABLE pull_request_runs ADD COLUMN skip_cause TEXT NOT NULL DEFAULT '';

-- Head SHAs skipped so before the cause was recorded: the pull request's last error, kept while
-- the head SHA is still its head, says why.
UPDATE pull_request_runs SET skip_cause = (
    SELECT CASE
        WHEN p.last_error LIKE 'trigger is disabled%' THEN 'disabled'
        WHEN p.last_error LIKE 'trigger is paused%' THEN 'paused'
        ELSE '' END
    FROM pull_requests p WHERE p.id = pull_request_runs.pr_id AND p.head_sha = pull_request_runs.head_sha)
WHERE status = 'skipped' AND execution_id = ''
    AND EXISTS (SELECT 1 FROM pull_requests p WHERE p.id = pull_request_runs.pr_id AND p.head_sha = pull_request_runs.head_sha);
