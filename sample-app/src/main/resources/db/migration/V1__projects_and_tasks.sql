-- Projects and their tasks, isolated per tenant.
--
-- Every key leads with tenant_id and the foreign key is composite: constraints are checked across tenants,
-- so a global key would leak other tenants' values through duplicate-key errors, and a plain project_id
-- foreign key would accept a task pointing at another tenant's project.
-- Runs as the owner role (spring.flyway.user); ${appRole} is the runtime role (spring.datasource.username).

CREATE TABLE projects (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
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

CREATE INDEX tasks_tenant_project ON tasks (tenant_id, project_id);

-- Enable and force row-level security with the tenant_isolation policy (function shipped by tenancy-jpa).
SELECT tenancy.enable_tenant_isolation('projects');
SELECT tenancy.enable_tenant_isolation('tasks');

-- No TRUNCATE and no REFERENCES: both ignore row-level security.
GRANT SELECT, INSERT, UPDATE, DELETE ON projects, tasks TO ${appRole};
GRANT USAGE ON SCHEMA tenancy TO ${appRole};
