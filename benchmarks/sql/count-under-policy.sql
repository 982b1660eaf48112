-- What counting one tenant's rows costs PostgreSQL with both isolation layers, with Hibernate's predicate written as
-- a range, and with row-level security alone (docs/row-level-security.md, "Limits"); then count(p.id), as Spring
-- Data counts a page, against count(*), before and after an index on the tenant alone, and a single-tenant table's
-- count for comparison (docs/row-level-security.md, "Counting a tenant's rows"); with the index, count(*) also
-- under the policy alone and, by hand, on a copy without it. Counts inside the server, in a PL/pgSQL loop, so that
-- no round trip or client is measured.
--
--   psql -h 127.0.0.1 -U postgres -f benchmarks/sql/count-under-policy.sql
--
-- Creates the database tenancy_bench_sql and the role tenancy_bench_sql_app, and drops both at the end. The table is
-- the benchmark's (benchmarks/app/src/main/resources/db/library/V1__projects.sql, whose Flyway placeholders psql cannot
-- fill), first without its index on tenant_id: 12 tenants' 5,000 rows each, key (tenant_id, id), the library's
-- policy, all rows visible. The single-tenant table is the baseline's (db/baseline/V1__projects.sql), 5,000 rows.
\set ON_ERROR_STOP on
\set db tenancy_bench_sql
\set app_role tenancy_bench_sql_app
\ir projects-database.sql
INSERT INTO projects (tenant_id, id, name)
SELECT 'tenant' || lpad(t::text, 2, '0'), gen_random_uuid(), 'project ' || i
FROM generate_series(1, 12) t, generate_series(1, 5000) i;
SELECT tenancy.enable_tenant_isolation('projects');
VACUUM ANALYZE projects;
GRANT SELECT ON projects TO tenancy_bench_sql_app;

CREATE TABLE single_tenant_projects (
    id         uuid        NOT NULL PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO single_tenant_projects (id, name) SELECT gen_random_uuid(), 'project ' || i FROM generate_series(1, 5000) i;
VACUUM ANALYZE single_tenant_projects;
GRANT SELECT ON single_tenant_projects TO tenancy_bench_sql_app;
GRANT USAGE ON SCHEMA tenancy TO tenancy_bench_sql_app;

-- Microseconds per count, each tenant's in turn, the tenant set before each count as the library sets it.
--   shipped: Hibernate's tenant_id = $1 under the policy (SHARED, both layers)
--   range:   Hibernate's predicate as tenant_id >= $1 AND tenant_id <= $1 under the policy
--   rls:     the policy alone (the Hibernate layer off)
--   star:    as shipped, but count(*)
--   rls_star: count(*) under the policy alone
--   hand_star: count(*) with the hand-written tenant_id = $1 on a copy of the table without the policy
--   single_id, single_star: count(p.id) and count(*) of the single-tenant table (no policy, no tenant)
CREATE FUNCTION count_loop(form text, n int) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
    tenant text;
    rows bigint;
BEGIN
    FOR i IN 1..n LOOP
        tenant := 'tenant' || lpad((1 + i % 12)::text, 2, '0');
        PERFORM set_config('app.tenant_id', tenant, true);
        IF form = 'shipped' THEN
            SELECT count(p.id) INTO rows FROM projects p WHERE p.tenant_id = tenant;
        ELSIF form = 'range' THEN
            SELECT count(p.id) INTO rows FROM projects p WHERE p.tenant_id >= tenant AND p.tenant_id <= tenant;
        ELSIF form = 'star' THEN
            SELECT count(*) INTO rows FROM projects p WHERE p.tenant_id = tenant;
        ELSIF form = 'rls_star' THEN
            SELECT count(*) INTO rows FROM projects p;
        ELSIF form = 'hand_star' THEN
            SELECT count(*) INTO rows FROM plain_projects p WHERE p.tenant_id = tenant;
        ELSIF form = 'single_id' THEN
            SELECT count(p.id) INTO rows FROM single_tenant_projects p;
        ELSIF form = 'single_star' THEN
            SELECT count(*) INTO rows FROM single_tenant_projects p;
        ELSE
            SELECT count(p.id) INTO rows FROM projects p;
        END IF;
        IF rows <> 5000 THEN
            RAISE EXCEPTION 'counted % rows of tenant %, not 5000', rows, tenant;
        END IF;
    END LOOP;
    RETURN round(extract(epoch FROM clock_timestamp() - started) * 1000000 / n, 1);
END
$$;

-- As the runtime role, to which the policy applies; SET ROLE needs no login, whatever the server's authentication.
SET ROLE tenancy_bench_sql_app;
SELECT round AS round_no, count_loop('shipped', 2000) AS shipped_us, count_loop('range', 2000) AS range_us,
       count_loop('rls', 2000) AS rls_us
FROM generate_series(1, 4) round;
EXPLAIN (COSTS ON) SELECT count(p.id) FROM projects p WHERE p.tenant_id >= 'tenant03' AND p.tenant_id <= 'tenant03';

-- The page's count as Spring Data writes it against count(*), with the key alone, then with the benchmark's index on
-- the tenant alone; the single-tenant table's for comparison.
SELECT round AS round_no, count_loop('shipped', 2000) AS count_id_us, count_loop('star', 2000) AS count_star_us,
       count_loop('single_id', 2000) AS single_count_id_us, count_loop('single_star', 2000) AS single_count_star_us
FROM generate_series(1, 4) round;
RESET ROLE;
CREATE INDEX projects_tenant_id ON projects (tenant_id);
VACUUM ANALYZE projects;
CREATE TABLE plain_projects AS SELECT * FROM projects;
ALTER TABLE plain_projects ADD PRIMARY KEY (tenant_id, id);
CREATE INDEX plain_projects_tenant_id ON plain_projects (tenant_id);
VACUUM ANALYZE plain_projects;
GRANT SELECT ON plain_projects TO tenancy_bench_sql_app;
SET ROLE tenancy_bench_sql_app;
SELECT round AS round_no, count_loop('shipped', 2000) AS indexed_count_id_us,
       count_loop('star', 2000) AS indexed_count_star_us, count_loop('rls_star', 2000) AS indexed_rls_star_us,
       count_loop('hand_star', 2000) AS indexed_hand_star_us
FROM generate_series(1, 4) round;
EXPLAIN (COSTS OFF) SELECT count(*) FROM projects p WHERE p.tenant_id = 'tenant03';
RESET ROLE;
SELECT pg_size_pretty(pg_relation_size('projects_pkey')) AS key_size,
       pg_size_pretty(pg_relation_size('projects_tenant_id')) AS tenant_index_size;

\connect postgres
DROP DATABASE tenancy_bench_sql WITH (FORCE);
DROP ROLE tenancy_bench_sql_app;
