-- A first tenant migration like the sample application's: besides the tenant's own tables it grants the runtime
-- role usage of the schema every tenant shares. Each tenant's GRANT rewrites the same pg_namespace row, so
-- tenants migrated at once contend for it ("tuple concurrently updated").
CREATE TABLE projects (
    tenant_id text NOT NULL,
    id        uuid NOT NULL,
    name      text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

SELECT tenancy.enable_tenant_isolation('projects');

GRANT USAGE ON SCHEMA "${flyway:defaultSchema}" TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON projects TO ${appRole};
GRANT USAGE ON SCHEMA tenancy TO ${appRole};
