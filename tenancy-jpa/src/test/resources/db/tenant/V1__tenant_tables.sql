-- The tenant tables: what the shared tables (public) hold, and what each SCHEMA tenant gets in its own schema and
-- each DATABASE tenant in its own database. Unqualified
-- names land in the tenant's schema (Flyway's default schema); the isolation function is the library's, in the
-- schema tenancy of the same database.
CREATE TABLE projects (
    tenant_id text NOT NULL,
    id        uuid NOT NULL,
    name      text NOT NULL,
    code      text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code)
);

CREATE TABLE tasks (
    tenant_id  text    NOT NULL,
    id         uuid    NOT NULL,
    project_id uuid    NOT NULL,
    title      text    NOT NULL,
    done       boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX tasks_project ON tasks (tenant_id, project_id);

SELECT tenancy.enable_tenant_isolation('projects');
SELECT tenancy.enable_tenant_isolation('tasks');

GRANT USAGE ON SCHEMA "${flyway:defaultSchema}" TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON projects, tasks TO ${appRole};
