-- GET /client-grants/{id}/organizations pages a grant's organizations in association order
-- (keyset on created_at, org_id). This index serves that and every lookup by grant, so it
-- replaces the (grant_id, org_id) one.
CREATE INDEX org_client_grants_grant_order ON org_client_grants (grant_id, created_at, org_id);
DROP INDEX org_client_grants_grant;
