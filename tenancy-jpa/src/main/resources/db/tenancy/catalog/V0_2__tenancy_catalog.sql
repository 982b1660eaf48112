-- Shipped by tenancy-jpa. The control-plane tenant catalog read by JdbcTenantCatalog (tenancy.catalog.type=jdbc).
--
-- Control-plane data, not tenant data: the table has no tenant_id column and no row-level security policy, and
-- the runtime role (placeholder ${appRole}) may only read it. The library writes it (onboarding, status changes,
-- per-tenant migration state) through the owner role, the one that runs migrations, so that code running as the
-- runtime role can never point a tenant at another tenant's schema or database.
--
-- No credentials: server_name names a server configured in the application (its credentials come from
-- configuration or the environment), never a password.

CREATE TABLE tenancy.tenants (
    id                text        NOT NULL,
    display_name      text        NOT NULL,
    status            text        NOT NULL DEFAULT 'PROVISIONING',
    placement         text        NOT NULL DEFAULT 'SHARED',
    schema_name       text,
    server_name       text,
    database_name     text,
    plan              text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    migration_version text,
    migration_state   text,
    migration_error   text,
    migrated_at       timestamptz,
    CONSTRAINT tenants_pkey PRIMARY KEY (id),
    -- the same pattern as dev.tenancy.core.TenantId.PATTERN
    CONSTRAINT tenants_id_pattern CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    CONSTRAINT tenants_status_valid CHECK (status IN ('PROVISIONING', 'ACTIVE', 'SUSPENDED', 'MIGRATING',
                                                      'OFFBOARDING', 'OFFBOARDED')),
    CONSTRAINT tenants_placement_valid CHECK (placement IN ('SHARED', 'SCHEMA', 'DATABASE')),
    -- the same pattern as dev.tenancy.core.StorageNames.IDENTIFIER; a tenant never gets a system or shared schema
    CONSTRAINT tenants_schema_name_valid CHECK (schema_name ~ '^[a-z_][a-z0-9_-]{0,62}$'
                                                AND schema_name NOT LIKE 'pg\_%'
                                                AND schema_name NOT IN ('public', 'tenancy', 'information_schema')),
    CONSTRAINT tenants_server_name_valid CHECK (server_name ~ '^[a-z_][a-z0-9_-]{0,62}$'),
    CONSTRAINT tenants_database_name_valid CHECK (database_name ~ '^[a-z_][a-z0-9_-]{0,62}$'
                                                  AND database_name NOT LIKE 'pg\_%'),
    CONSTRAINT tenants_schema_placement CHECK (placement <> 'SCHEMA' OR schema_name IS NOT NULL),
    CONSTRAINT tenants_database_placement CHECK (placement <> 'DATABASE'
                                                 OR (server_name IS NOT NULL AND database_name IS NOT NULL)),
    CONSTRAINT tenants_migration_state_valid CHECK (migration_state IN ('PENDING', 'MIGRATING', 'MIGRATED', 'FAILED')),
    -- two tenants never share a schema, or a database on the same server
    CONSTRAINT tenants_schema_name_key UNIQUE (schema_name),
    CONSTRAINT tenants_server_database_key UNIQUE (server_name, database_name)
);

COMMENT ON TABLE tenancy.tenants IS
    'Tenant catalog (control plane): who the tenants are, where their data lives, and their migration state. Not tenant-scoped by row-level security.';
COMMENT ON COLUMN tenancy.tenants.server_name IS
    'Name of a server configured in the application; credentials are resolved from configuration, never stored here.';

CREATE OR REPLACE FUNCTION tenancy.touch_updated_at()
RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$fn$;

CREATE TRIGGER tenants_touch_updated_at
    BEFORE UPDATE ON tenancy.tenants
    FOR EACH ROW EXECUTE FUNCTION tenancy.touch_updated_at();

GRANT USAGE ON SCHEMA tenancy TO ${appRole};
GRANT SELECT ON tenancy.tenants TO ${appRole};
