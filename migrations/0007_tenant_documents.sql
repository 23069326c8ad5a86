-- Tenant resources as documents (DESIGN.md): the Auth0 fields this project gives no meaning to are
-- kept as one JSON object per row and returned as given, so a new Auth0 field needs a schema update,
-- not a migration. NULL reads as {} (rows created before this migration).
ALTER TABLE users ADD COLUMN doc TEXT;
ALTER TABLE connections ADD COLUMN doc TEXT;
ALTER TABLE client_grants ADD COLUMN doc TEXT;

-- A username signs a user in, so it is unique within a connection (Auth0 answers 409), and
-- q=username:"…" finds users by it.
ALTER TABLE users ADD COLUMN username TEXT;
CREATE UNIQUE INDEX users_connection_username ON users (connection, username) WHERE username IS NOT NULL;

-- GET /users-by-email and q=email:"…" look a user up by email across connections.
CREATE INDEX users_email ON users (email) WHERE email IS NOT NULL;
