-- Isolation of a trigger's runs: none (the run works in its directory) or worktree (each run gets
-- its own git worktree on branch agented/<run id>). Kept beside the other run options.
ALTER TABLE trigger_guards ADD COLUMN isolation TEXT NOT NULL DEFAULT 'none';

-- A run's git record: its worktree (when isolated), the git state of its directory before and
-- after (JSON: kind, head, branch, dirty), what it changed against the base commit, and where a
-- removed worktree's uncommitted changes were saved. A run without a row recorded nothing.
CREATE TABLE execution_git (
    execution_id  TEXT PRIMARY KEY REFERENCES executions(id) ON DELETE CASCADE,
    isolation     TEXT NOT NULL DEFAULT 'none',   -- none | worktree
    repo_dir      TEXT NOT NULL DEFAULT '',       -- top of the repository the worktree came from
    worktree_path TEXT NOT NULL DEFAULT '',
    branch        TEXT NOT NULL DEFAULT '',
    base_commit   TEXT NOT NULL DEFAULT '',
    git_before    TEXT NOT NULL DEFAULT '',       -- JSON gitstate.State; '' = not taken
    git_after     TEXT NOT NULL DEFAULT '',
    diff_stat     TEXT NOT NULL DEFAULT '',       -- JSON worktree.DiffStat
    removed_at    TEXT NOT NULL DEFAULT '',       -- when the worktree was removed
    saved_commit  TEXT NOT NULL DEFAULT '',
    saved_patch   TEXT NOT NULL DEFAULT '',
    saved_note    TEXT NOT NULL DEFAULT ''
);
