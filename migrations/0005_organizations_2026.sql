-- The organization fields Auth0 added in 2025-2026 (behaviour-2026.md §1): every organization
-- carries them, with Auth0's defaults for those created before.
ALTER TABLE organizations ADD COLUMN third_party_client_access TEXT NOT NULL DEFAULT 'block';
ALTER TABLE organizations ADD COLUMN is_app_entitlement_active INTEGER NOT NULL DEFAULT 0;
