CREATE TABLE projects (
    id bigint PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO projects (id, name) VALUES (1, 'same'), (2, 'same');
