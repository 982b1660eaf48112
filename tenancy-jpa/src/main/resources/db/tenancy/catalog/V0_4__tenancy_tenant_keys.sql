-- Shipped by tenancy-jpa. Each tenant's data key (TenantKeys, tenancy.crypto.enabled): a Tink keyset, encrypted
-- with the master key that is kept outside this database, with the tenant's id as associated data.
--
-- A purged tenant's row keeps no keyset, only when it was destroyed, so that no key is made for it again.
-- Control-plane data, not tenant data: no tenant_id column (the tenant a key is for is in subject_tenant) and no
-- row-level security. The runtime role (placeholder ${appRole}) may only read it; the owner role, the one that
-- runs migrations, makes, rotates and destroys keys.

CREATE TABLE tenancy.tenant_keys (
    subject_tenant text        NOT NULL,
    keyset         text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    rotated_at     timestamptz,
    destroyed_at   timestamptz,
    CONSTRAINT tenant_keys_pkey PRIMARY KEY (subject_tenant),
    CONSTRAINT tenant_keys_kept_or_destroyed CHECK ((keyset IS NULL) = (destroyed_at IS NOT NULL))
);

COMMENT ON TABLE tenancy.tenant_keys IS
    'Tenants'' data keys, encrypted with the master key (TenantKeys); no keyset once destroyed by a purge.';

GRANT SELECT ON tenancy.tenant_keys TO ${appRole};
