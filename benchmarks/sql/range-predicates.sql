-- What PostgreSQL expects and plans when the two isolation layers compare the tenant as ranges instead of as
-- equalities (docs/row-level-security.md, "Limits"). Plans and row estimates only, nothing is timed, so it can run
-- beside anything. Three forms, each for a tenant of 5,000 rows and one of 60, among 1,000 tenants:
--   1. as shipped: the policy's equality and Hibernate's `tenant_id = $1`: right estimates, the index's order kept,
--      a `Result` node (One-Time Filter) over the scan;
--   2. Hibernate's predicate as a range, `tenant_id >= $1 AND tenant_id <= $1`, under the shipped policy: no node,
--      but the two selectivities multiply;
--   3. both as ranges (a policy of the same shape, made here by hand): no node and right estimates in custom plans,
--      but a page ordered by id no longer reads the key in order: it sorts the tenant's rows under the policy alone,
--      and a generic plan expects the same rows for every tenant.
--
--   psql -h 127.0.0.1 -U postgres -f benchmarks/sql/range-predicates.sql
--
-- Creates the database tenancy_bench_sql_ranges and the role tenancy_bench_sql_ranges_app, and drops both at the end.
-- The table is the benchmark's (benchmarks/app/src/main/resources/db/library/V1__projects.sql): key (tenant_id, id),
-- an index on tenant_id alone, the library's policy; 20 tenants of 5,000 rows and 980 of 60, all rows visible.
\set ON_ERROR_STOP on
\set db tenancy_bench_sql_ranges
\set app_role tenancy_bench_sql_ranges_app
\ir projects-database.sql
CREATE INDEX projects_tenant_id ON projects (tenant_id);
INSERT INTO projects (tenant_id, id, name)
SELECT 'tenant' || lpad(t::text, 4, '0'), gen_random_uuid(), 'project ' || i
FROM generate_series(1, 20) t, generate_series(1, 5000) i;
INSERT INTO projects (tenant_id, id, name)
SELECT 'tenant' || lpad(t::text, 4, '0'), gen_random_uuid(), 'project ' || i
FROM generate_series(21, 1000) t, generate_series(1, 60) i;
SELECT tenancy.enable_tenant_isolation('projects');
VACUUM ANALYZE projects;
GRANT SELECT ON projects TO :"app_role";

-- The statements as Hibernate sends them for the benchmark's page and its count, prepared as the driver prepares them.
SET ROLE :"app_role";
PREPARE count_eq(text) AS SELECT count(*) FROM projects p WHERE p.tenant_id = $1;
PREPARE page_eq(text) AS SELECT p.id FROM projects p WHERE p.tenant_id = $1 ORDER BY p.id LIMIT 20;
PREPARE count_range(text) AS SELECT count(*) FROM projects p WHERE p.tenant_id >= $1 AND p.tenant_id <= $1;
PREPARE page_range(text) AS SELECT p.id FROM projects p WHERE p.tenant_id >= $1 AND p.tenant_id <= $1 ORDER BY p.id LIMIT 20;

\echo '== 1. As shipped, tenant0003 (5,000 rows): estimates right, a Result node over the scan'
BEGIN;
SELECT set_config('app.tenant_id', 'tenant0003', true);
EXPLAIN EXECUTE count_eq('tenant0003');
EXPLAIN EXECUTE page_eq('tenant0003');
COMMIT;

\echo '== 2. Hibernate''s predicate as a range under the shipped policy: no node, the selectivities multiply'
BEGIN;
SELECT set_config('app.tenant_id', 'tenant0003', true);
EXPLAIN EXECUTE count_range('tenant0003');
SELECT set_config('app.tenant_id', 'tenant0500', true);
EXPLAIN EXECUTE count_range('tenant0500');
COMMIT;

RESET ROLE;
DROP POLICY tenant_isolation ON projects;
CREATE POLICY tenant_isolation ON projects AS PERMISSIVE FOR ALL
    USING (tenant_id >= NULLIF(current_setting('app.tenant_id', true), '')
           AND tenant_id <= NULLIF(current_setting('app.tenant_id', true), ''))
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), ''));
SET ROLE :"app_role";

\echo '== 3. Both as ranges: custom plans, 5,000 rows and 60: estimates right, no node'
BEGIN;
SET LOCAL plan_cache_mode = force_custom_plan;
SELECT set_config('app.tenant_id', 'tenant0003', true);
EXPLAIN EXECUTE count_range('tenant0003');
SELECT set_config('app.tenant_id', 'tenant0500', true);
EXPLAIN EXECUTE count_range('tenant0500');
\echo '== 3. Both as ranges: the page under the policy alone (native SQL) sorts the tenant''s rows'
EXPLAIN SELECT p.id FROM projects p ORDER BY p.id LIMIT 20;
\echo '== 3. Both as ranges: a generic plan expects the same rows of every tenant'
SET LOCAL plan_cache_mode = force_generic_plan;
EXPLAIN EXECUTE count_range('tenant0500');
EXPLAIN EXECUTE page_range('tenant0500');
COMMIT;

RESET ROLE;
\connect postgres
DROP DATABASE :"db" WITH (FORCE);
DROP ROLE :"app_role";
