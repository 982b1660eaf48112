-- Shipped by tenancy-jpa. Creates the tenancy schema and the function user migrations call per tenant table:
--
--   SELECT tenancy.enable_tenant_isolation('projects');               -- column tenant_id
--   SELECT tenancy.enable_tenant_isolation('audit.events', 'owner');  -- another column
--
-- The policy compares with NULLIF(current_setting('app.tenant_id', true), ''): once the setting has been
-- used in a session, "no tenant" reads as '' rather than NULL, and '' must match no row.

CREATE SCHEMA IF NOT EXISTS tenancy;

CREATE OR REPLACE FUNCTION tenancy.enable_tenant_isolation(tbl regclass, col name DEFAULT 'tenant_id')
RETURNS void
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute
                   WHERE attrelid = tbl AND attname = col AND attnum > 0 AND NOT attisdropped) THEN
        RAISE EXCEPTION 'table % has no column %', tbl, col;
    END IF;
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s AS PERMISSIVE FOR ALL '
        || 'USING (%I = NULLIF(current_setting(''app.tenant_id'', true), '''')) '
        || 'WITH CHECK (%I = NULLIF(current_setting(''app.tenant_id'', true), ''''))',
        tbl, col, col);
END
$fn$;

COMMENT ON FUNCTION tenancy.enable_tenant_isolation(regclass, name) IS
    'Enables and forces row-level security on a table and creates the tenant_isolation policy on the given column.';
