-- Fails with SQL state ${sqlState} on its first ${failures} runs. The runs are counted by a sequence, which a
-- rollback does not reset; the table created before the failure shows whether a retry found it rolled back.
CREATE TABLE projects (
    tenant_id text NOT NULL,
    id        uuid NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

DO $$
BEGIN
    IF nextval('retry_probe.runs') <= ${failures} THEN
        RAISE EXCEPTION '${errorMessage}' USING ERRCODE = '${sqlState}';
    END IF;
END
$$;
