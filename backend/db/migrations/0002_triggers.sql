-- Triggers ("bots"). Secrets (webhook secrets) are in the keyring, never here.
CREATE TABLE triggers (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description         TEXT NOT NULL DEFAULT '',
    prompt_template     TEXT NOT NULL,
    skill_command       TEXT NOT NULL DEFAULT '',
    backend_type        TEXT NOT NULL DEFAULT 'claude',
    model               TEXT NOT NULL DEFAULT '',
    allowed_tools       TEXT NOT NULL DEFAULT '',
    permission_profile  TEXT NOT NULL DEFAULT 'read-only',
    max_turns           INTEGER NOT NULL DEFAULT 0,
    trigger_source      TEXT NOT NULL DEFAULT 'manual',
    match_field_path    TEXT NOT NULL DEFAULT '',
    match_field_value   TEXT NOT NULL DEFAULT '',
    text_field_path     TEXT NOT NULL DEFAULT 'text',
    detection_keyword   TEXT NOT NULL DEFAULT '',
    github_repo_filter  TEXT NOT NULL DEFAULT '',
    github_events       TEXT NOT NULL DEFAULT '',
    schedule_type       TEXT NOT NULL DEFAULT '',
    schedule_time       TEXT NOT NULL DEFAULT '',
    schedule_day        INTEGER NOT NULL DEFAULT 0,
    schedule_timezone   TEXT NOT NULL DEFAULT '',
    schedule_cron       TEXT NOT NULL DEFAULT '',
    timeout_seconds     INTEGER NOT NULL DEFAULT 600,
    grace_seconds       INTEGER NOT NULL DEFAULT 10,
    concurrency_policy  TEXT NOT NULL DEFAULT 'queue',
    enabled             INTEGER NOT NULL DEFAULT 1,
    is_predefined       INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

-- Linked local directories; position 0 is the working directory of a run.
CREATE TABLE trigger_paths (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    trigger_id  TEXT NOT NULL REFERENCES triggers(id) ON DELETE CASCADE,
    path        TEXT NOT NULL,
    project_id  TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (trigger_id, path)
);
CREATE INDEX trigger_paths_trigger ON trigger_paths(trigger_id, position);

-- Every saved version of a prompt template, newest last.
CREATE TABLE trigger_template_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    trigger_id  TEXT NOT NULL REFERENCES triggers(id) ON DELETE CASCADE,
    template    TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
CREATE INDEX trigger_template_history_trigger ON trigger_template_history(trigger_id, id);
