-- Non-secret key/value preferences. Values are JSON so each setting keeps its type.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
