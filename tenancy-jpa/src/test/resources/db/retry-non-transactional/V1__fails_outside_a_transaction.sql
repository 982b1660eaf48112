-- Like db/retry, but VACUUM makes Flyway (with mixed=true) run the whole migration outside a transaction: the
-- table stays when the DO block fails, and Flyway records the migration as failed. (Not CREATE INDEX
-- CONCURRENTLY: it would wait forever for the transaction in which Flyway holds its PostgreSQL lock.)
CREATE TABLE projects (
    tenant_id text NOT NULL,
    id        uuid NOT NULL
);

VACUUM projects;

DO $$
BEGIN
    IF nextval('retry_probe.runs') <= ${failures} THEN
        RAISE EXCEPTION '${errorMessage}' USING ERRCODE = '${sqlState}';
    END IF;
END
$$;
