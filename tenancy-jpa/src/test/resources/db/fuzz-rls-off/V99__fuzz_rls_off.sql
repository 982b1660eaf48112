-- Only for the isolation fuzz suite's Hibernate-only variant: row-level security off, in the shared tables and in
-- every SCHEMA and DATABASE tenant, so that the Hibernate layer is proven on its own.
ALTER TABLE fuzz_boards NO FORCE ROW LEVEL SECURITY;
ALTER TABLE fuzz_boards DISABLE ROW LEVEL SECURITY;
ALTER TABLE fuzz_cards NO FORCE ROW LEVEL SECURITY;
ALTER TABLE fuzz_cards DISABLE ROW LEVEL SECURITY;
