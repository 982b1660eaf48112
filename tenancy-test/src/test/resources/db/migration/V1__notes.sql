-- Fixtures of the isolation assertion tests, created by the owner role; ${appRole} is the restricted runtime role.

-- Scoped by Hibernate's @TenantId (ScopedNote); no row-level security, so Hibernate's filter is the only layer.
CREATE TABLE scoped_notes (
    tenant_id text NOT NULL,
    id        uuid NOT NULL,
    text      text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- Deliberately not tenant-scoped at all (LeakyNote): no tenant column, no row-level security.
CREATE TABLE leaky_notes (
    id   uuid PRIMARY KEY,
    text text NOT NULL
);

-- Scoped by row-level security alone, for JdbcTemplate callbacks that set app.tenant_id per transaction.
CREATE TABLE rls_notes (
    tenant_id text NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), ''),
    id        uuid NOT NULL DEFAULT gen_random_uuid(),
    text      text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
ALTER TABLE rls_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE rls_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON rls_notes
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), ''))
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), ''));

GRANT SELECT, INSERT, UPDATE, DELETE ON scoped_notes, leaky_notes, rls_notes TO ${appRole};
