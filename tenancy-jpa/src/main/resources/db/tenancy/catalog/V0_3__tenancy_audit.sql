-- Shipped by tenancy-jpa. The audit trail written by TenantAuditTrail (tenancy.catalog.type=jdbc): who changed
-- which tenant, when, and why, as a hash chain.
--
-- Each event's hash covers its own fields and the hash of the event before it (event 1 follows 32 zero bytes), so
-- an event changed, removed or reordered after the fact breaks the chain at that event, and
-- TenantAuditTrail.verify() names it. Appends are serialized by a lock on the table, so the chain never forks.
-- Events are computed and verified in the application; this table only keeps them.
--
-- Control-plane data, not tenant data: no tenant_id column (the tenant an event is about is in subject_tenant)
-- and no row-level security. The runtime role (placeholder ${appRole}) gets no privilege on it: only the owner
-- role, the one that runs migrations, appends and reads events. Updates, deletes and TRUNCATE are refused by
-- triggers; an owner who drops them can change rows, but not without breaking the chain.

CREATE TABLE tenancy.audit_events (
    seq            bigint      NOT NULL,
    occurred_at    timestamptz NOT NULL,
    subject_tenant text        NOT NULL,
    action         text        NOT NULL,
    actor          text        NOT NULL,
    reason         text        NOT NULL,
    detail         text,
    previous_hash  bytea       NOT NULL,
    hash           bytea       NOT NULL,
    CONSTRAINT audit_events_pkey PRIMARY KEY (seq),
    CONSTRAINT audit_events_seq_positive CHECK (seq > 0),
    CONSTRAINT audit_events_hash_length CHECK (octet_length(hash) = 32 AND octet_length(previous_hash) = 32)
);

CREATE INDEX audit_events_subject_tenant ON tenancy.audit_events (subject_tenant, seq);

COMMENT ON TABLE tenancy.audit_events IS
    'Audit trail of tenant lifecycle and platform operations, hash-chained (TenantAuditTrail). Append-only.';

CREATE OR REPLACE FUNCTION tenancy.refuse_audit_change()
RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    RAISE EXCEPTION 'tenancy.audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE TRIGGER audit_events_append_only
    BEFORE UPDATE OR DELETE ON tenancy.audit_events
    FOR EACH ROW EXECUTE FUNCTION tenancy.refuse_audit_change();

CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON tenancy.audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION tenancy.refuse_audit_change();
