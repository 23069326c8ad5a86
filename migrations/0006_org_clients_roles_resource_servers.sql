-- Organization clients (behaviour-2026.md §4): the applications an organization's members may use.
-- Listed in client_id order, case-insensitively (recorded), so that order is indexed; the client_id
-- index serves the cleanup after a client is deleted.
CREATE TABLE org_clients (
  org_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  use_for_member_access INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (org_id, client_id)
);
CREATE INDEX org_clients_order ON org_clients (org_id, lower(client_id), client_id);
CREATE INDEX org_clients_client ON org_clients (client_id);

-- Organization-level roles (§5): every existing role is a tenant role. An organization's roles go
-- with it (the cleanup finds them by owner_id).
ALTER TABLE roles ADD COLUMN type TEXT NOT NULL DEFAULT 'tenant';
ALTER TABLE roles ADD COLUMN owner_id TEXT;
CREATE INDEX roles_owner ON roles (owner_id) WHERE owner_id IS NOT NULL;

-- GET /organizations/{id}/roles/{role_id}/members: a keyset page in assignment order.
CREATE INDEX org_member_roles_role_order ON org_member_roles (org_id, role_id, created_at, user_id);

-- Tenant-level role users (GET/POST /roles/{id}/users), paged in assignment order.
CREATE TABLE role_users (
  role_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (role_id, user_id)
);
CREATE INDEX role_users_order ON role_users (role_id, created_at, user_id);
CREATE INDEX role_users_user ON role_users (user_id);

-- Resource servers (§6). Columns for what this project reads (identifier, name, scopes); the rest of
-- Auth0's fields are stored as the document they were sent as. `scopes` is the wire array
-- [{value, description?}].
CREATE TABLE resource_servers (
  id TEXT PRIMARY KEY,
  identifier TEXT NOT NULL UNIQUE,
  name TEXT,
  scopes TEXT,
  is_system INTEGER NOT NULL DEFAULT 0,
  doc TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX resource_servers_created ON resource_servers (created_at, id);

-- The tenant's own Management API. Its identifier is the API_AUDIENCE var and its scopes are the
-- ones this Worker checks, neither known here nor fixed (a redeploy may change both), so the row
-- keeps a reserved identifier and no scopes, and src/db/resource-servers.ts puts in the live values
-- whenever it reads or matches it. The row itself gives the system server a stable id, its place in
-- list order and totals, and a target for role permissions, like any other.
INSERT INTO resource_servers (id, identifier, name, scopes, is_system, doc, created_at)
VALUES (lower(hex(randomblob(12))), 'urn:edge-orgs:management-api', 'Auth0 Management API', NULL, 1,
  '{"allow_offline_access":false,"skip_consent_for_verifiable_first_party_clients":false,"token_lifetime":86400,"token_lifetime_for_web":7200,"signing_alg":"RS256"}',
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- Role permissions: a scope of a resource server, by the server's id (its identifier is the wire
-- name; the system server's changes with API_AUDIENCE).
CREATE TABLE role_permissions (
  role_id TEXT NOT NULL,
  resource_server_id TEXT NOT NULL,
  permission_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (role_id, resource_server_id, permission_name)
);
CREATE INDEX role_permissions_server ON role_permissions (resource_server_id);
