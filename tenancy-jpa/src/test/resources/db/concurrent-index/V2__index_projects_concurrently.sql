-- CREATE INDEX CONCURRENTLY cannot run in a transaction, and waits for every transaction open when it starts
CREATE INDEX CONCURRENTLY projects_name_idx ON projects (name);
