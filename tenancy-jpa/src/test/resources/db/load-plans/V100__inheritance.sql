-- Only for TenantLoadPlansIT: entities with joined and table-per-class inheritance. No row-level security, so
-- that the Hibernate layer alone keeps tenants apart.
CREATE TABLE documents (
    tenant_id text NOT NULL,
    id        uuid NOT NULL PRIMARY KEY,
    title     text NOT NULL
);

CREATE TABLE invoices (
    id     uuid NOT NULL PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    amount integer NOT NULL
);

CREATE TABLE devices (
    tenant_id text NOT NULL,
    id        uuid NOT NULL PRIMARY KEY,
    name      text NOT NULL,
    serial    text NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE ON documents, invoices, devices TO ${appRole};
