-- Hand-written: the same table as the library's, keys led by tenant_id, but no row-level security.
CREATE TABLE projects (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON projects TO ${appRole};
