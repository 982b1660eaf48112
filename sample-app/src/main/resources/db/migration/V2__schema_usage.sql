-- The runtime role reaches the tables of the schema they live in: public for SHARED tenants, t_<tenant> for
-- SCHEMA tenants (tenant migrations run this location with the tenant's schema as Flyway's default schema).
GRANT USAGE ON SCHEMA "${flyway:defaultSchema}" TO ${appRole};
