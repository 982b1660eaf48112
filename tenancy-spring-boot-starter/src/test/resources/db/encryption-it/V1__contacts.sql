-- A tenant table with one column kept encrypted with the tenant's data key (TenantEncrypted): Base64 text.
CREATE TABLE contacts (
    tenant_id text NOT NULL,
    id        uuid NOT NULL,
    name      text NOT NULL,
    tax_id    text,
    PRIMARY KEY (tenant_id, id)
);

SELECT tenancy.enable_tenant_isolation('contacts');

GRANT SELECT, INSERT, UPDATE, DELETE ON contacts TO ${appRole};
