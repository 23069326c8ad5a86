-- The organization fields Auth0 added in 2025-2026 (behaviour-2026.md §1): every organization
-- carries them, with Auth0's defaults for those created before.
ALTER TABLE organizations ADD COLUMN third_party_client_access TEXT NOT NULL DEFAULT 'block';
ALTER TABLE organizations ADD COLUMN is_app_entitlement_active INTEGER NOT NULL DEFAULT 0;

-- One org ↔ connection association behind both APIs (behaviour-2026.md §2): enabled_connections
-- shows the associations whose is_enabled is 1; /connections shows all, with these settings too.
ALTER TABLE org_connections ADD COLUMN is_enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE org_connections ADD COLUMN organization_access_level TEXT NOT NULL DEFAULT 'none';
ALTER TABLE org_connections ADD COLUMN organization_connection_name TEXT;

-- Discovery domains (behaviour-2026.md §3). Ids sort by creation time, so (org_id, id) is both the
-- list order and the checkpoint key. A domain is stored lower-case, once per organization, and a
-- verified domain used for discovery belongs to one organization of the tenant at most.
CREATE TABLE org_discovery_domains (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  domain TEXT NOT NULL,
  status TEXT NOT NULL,
  use_for_organization_discovery INTEGER NOT NULL,
  verification_txt TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX org_discovery_domains_org_domain ON org_discovery_domains (org_id, domain);
CREATE INDEX org_discovery_domains_order ON org_discovery_domains (org_id, id);
CREATE UNIQUE INDEX org_discovery_domains_claimed ON org_discovery_domains (domain)
  WHERE status = 'verified' AND use_for_organization_discovery = 1;
