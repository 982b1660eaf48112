-- Baseline: a single-tenant application's table. No tenant column; the id alone is the key.
CREATE TABLE projects (
    id         uuid        NOT NULL PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE, DELETE ON projects TO ${appRole};
