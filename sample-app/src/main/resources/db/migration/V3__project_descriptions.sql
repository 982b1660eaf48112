-- A project's description, kept encrypted with its tenant's data key (TenantEncrypted): Base64 ciphertext that
-- only the application, as that tenant, can read; not even a superuser's SELECT shows the text.
ALTER TABLE projects ADD COLUMN description text;
