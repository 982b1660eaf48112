-- The isolation fuzz suite's tenant tables (dev.tenancy.jpa.fuzz): the shared tables (public), and what each SCHEMA
-- tenant gets in its schema and each DATABASE tenant in its database. Keys lead with tenant_id, the business key
-- (code) is unique per tenant only, and the foreign key is composite, as the library's docs ask.
CREATE TABLE fuzz_boards (
    tenant_id text    NOT NULL,
    id        uuid    NOT NULL,
    seq       integer NOT NULL,
    name      text    NOT NULL,
    code      text    NOT NULL,
    revision  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code)
);

CREATE TABLE fuzz_cards (
    tenant_id text    NOT NULL,
    id        uuid    NOT NULL,
    board_id  uuid    NOT NULL,
    seq       integer NOT NULL,
    title     text    NOT NULL,
    points    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, board_id) REFERENCES fuzz_boards (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX fuzz_cards_board ON fuzz_cards (tenant_id, board_id);

SELECT tenancy.enable_tenant_isolation('fuzz_boards');
SELECT tenancy.enable_tenant_isolation('fuzz_cards');

GRANT USAGE ON SCHEMA "${flyway:defaultSchema}" TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON fuzz_boards, fuzz_cards TO ${appRole};
