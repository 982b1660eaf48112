-- fails on the duplicate name, outside a transaction: the invalid index it started stays behind
CREATE UNIQUE INDEX CONCURRENTLY projects_name_key ON projects (name);
