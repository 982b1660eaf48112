-- Included by the scripts beside it (\ir), after they set the variables db and app_role: makes the database :db
-- afresh with the runtime role :app_role (no login, no superuser, no BYPASSRLS), connects to it, creates the
-- library's tenancy schema and function, and the benchmark's table without its index on tenant_id
-- (benchmarks/app/src/main/resources/db/library/V1__projects.sql, whose Flyway placeholders psql cannot fill).
\set ON_ERROR_STOP on
DROP DATABASE IF EXISTS :"db" WITH (FORCE);
DROP ROLE IF EXISTS :"app_role";
CREATE ROLE :"app_role" NOLOGIN NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE :"db";
\connect :db
\ir ../../tenancy-jpa/src/main/resources/db/tenancy/rls/V0_1__tenancy_row_level_security.sql

CREATE TABLE projects (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
