CREATE TABLE labels (
    tenant_id text NOT NULL,
    id        uuid NOT NULL,
    name      text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

SELECT tenancy.enable_tenant_isolation('labels');

GRANT SELECT, INSERT, UPDATE, DELETE ON labels TO ${appRole};
