-- Library: the table of the hand-written variant plus forced row-level security (the library's function). Runs in
-- the shared schema and, as a tenant migration, in each SCHEMA tenant's schema and DATABASE tenant's database.
CREATE TABLE projects (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- Counting one tenant's rows for a page: the key holds the tenant's rows ordered by id, for the page itself; this
-- deduplicated index on the tenant alone is a tenth of the key's size, and the page's count(*) scans it instead
-- (docs/row-level-security.md, "Counting a tenant's rows").
CREATE INDEX projects_tenant_id ON projects (tenant_id);

SELECT tenancy.enable_tenant_isolation('projects');

GRANT SELECT, INSERT, UPDATE, DELETE ON projects TO ${appRole};
-- SCHEMA tenants' migrations run in parallel in one database, and concurrent GRANTs on the one shared tenancy schema
-- fail with "tuple concurrently updated"; the shared migration has granted it before any tenant migration runs.
DO $$
BEGIN
    IF NOT has_schema_privilege('${appRole}', 'tenancy', 'USAGE') THEN
        GRANT USAGE ON SCHEMA tenancy TO ${appRole};
    END IF;
END
$$;
GRANT USAGE ON SCHEMA "${flyway:defaultSchema}" TO ${appRole};
