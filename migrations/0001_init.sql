-- Tenant resources that organizations refer to.
CREATE TABLE tenant_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  settings TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO tenant_settings (id, settings) VALUES (1, '{}');

CREATE TABLE connections (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  strategy TEXT NOT NULL,
  display_name TEXT,
  options TEXT,
  enabled_clients TEXT NOT NULL DEFAULT '[]',
  is_domain_connection INTEGER NOT NULL DEFAULT 0,
  show_as_button INTEGER,
  realms TEXT,
  metadata TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX connections_created ON connections (created_at, id);
-- Every Auth0 tenant starts with this database connection; SDK examples and tools assume it.
INSERT INTO connections (id, name, strategy, created_at)
VALUES ('con_' || hex(randomblob(8)), 'Username-Password-Authentication', 'auth0', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

CREATE TABLE users (
  user_id TEXT PRIMARY KEY,
  connection TEXT NOT NULL,
  email TEXT,
  email_verified INTEGER NOT NULL DEFAULT 0,
  name TEXT,
  nickname TEXT,
  picture TEXT,
  password_hash TEXT,
  app_metadata TEXT,
  user_metadata TEXT,
  blocked INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX users_connection_email ON users (connection, email) WHERE email IS NOT NULL;
CREATE INDEX users_connection ON users (connection);
CREATE INDEX users_created ON users (created_at, user_id);

CREATE TABLE roles (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE clients (
  client_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  doc TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX clients_created ON clients (created_at, client_id);

CREATE TABLE client_grants (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  audience TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '[]',
  organization_usage TEXT,
  allow_any_organization INTEGER,
  subject_type TEXT,
  created_at TEXT NOT NULL
);
-- One grant per client, audience and subject type (an unset subject type means 'client').
CREATE UNIQUE INDEX client_grants_client_audience ON client_grants (client_id, audience, coalesce(subject_type, 'client'));
CREATE INDEX client_grants_audience ON client_grants (audience);
CREATE INDEX client_grants_created ON client_grants (created_at, id);

-- Organizations and what hangs off them.
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  display_name TEXT,
  branding TEXT,
  metadata TEXT,
  token_quota TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX organizations_created ON organizations (created_at, id);
CREATE INDEX organizations_display_name ON organizations (display_name, id);

CREATE TABLE org_members (
  org_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX org_members_order ON org_members (org_id, created_at, user_id);
CREATE INDEX org_members_user ON org_members (user_id, org_id);

CREATE TABLE org_member_roles (
  org_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  role_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (org_id, user_id, role_id)
);
CREATE INDEX org_member_roles_role ON org_member_roles (role_id);
CREATE INDEX org_member_roles_user ON org_member_roles (user_id);

CREATE TABLE org_connections (
  org_id TEXT NOT NULL,
  connection_id TEXT NOT NULL,
  assign_membership_on_login INTEGER NOT NULL DEFAULT 0,
  show_as_button INTEGER NOT NULL DEFAULT 1,
  is_signup_enabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  PRIMARY KEY (org_id, connection_id)
);
CREATE INDEX org_connections_connection ON org_connections (connection_id);

CREATE TABLE org_client_grants (
  org_id TEXT NOT NULL,
  grant_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (org_id, grant_id)
);
CREATE INDEX org_client_grants_grant ON org_client_grants (grant_id, org_id);

CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  doc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  email_state TEXT NOT NULL DEFAULT 'none'
);
CREATE INDEX invitations_org ON invitations (org_id, created_at, id);
CREATE INDEX invitations_expiry ON invitations (expires_at);

-- Work left after a delete, done by the queue in chunks.
CREATE TABLE cleanups (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  target_id TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX cleanups_target ON cleanups (kind, target_id);

-- Jobs that could not be done: kept for inspection, never silently dropped.
CREATE TABLE dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  body_hash TEXT NOT NULL,
  job_type TEXT,
  body TEXT NOT NULL,
  reason TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX dead_letters_hash ON dead_letters (body_hash);

-- The last failure of a job still being retried, so its dead letter can say why.
CREATE TABLE job_failures (
  body_hash TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
