-- Products group projects. A project is a repository to clone (repo_url) and/or a directory that
-- already exists (local_path). The clone's access token, when one is needed, is in the OS keyring
-- (item "project:token:<id>"), never here.
CREATE TABLE products (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE projects (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description    TEXT NOT NULL DEFAULT '',
    product_id     TEXT REFERENCES products(id) ON DELETE SET NULL,
    repo_url       TEXT NOT NULL DEFAULT '',
    local_path     TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'active',  -- active | archived
    clone_depth    INTEGER NOT NULL DEFAULT 0,      -- 0 = full history
    clone_dir      TEXT NOT NULL DEFAULT '',        -- where the clone lives once one was started
    clone_status   TEXT NOT NULL DEFAULT 'none',    -- none | cloning | cloned | error
    clone_error    TEXT NOT NULL DEFAULT '',
    last_synced_at TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX projects_product ON projects(product_id);

-- Projects a trigger works in: a linked project's working copy is a run's directory.
CREATE TABLE trigger_projects (
    trigger_id TEXT NOT NULL REFERENCES triggers(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (trigger_id, project_id)
);
CREATE INDEX trigger_projects_project ON trigger_projects(project_id);
