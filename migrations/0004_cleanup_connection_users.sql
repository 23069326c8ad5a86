-- A deleted connection's users are found by connection name (the connection row is gone by then),
-- and only those created before the delete go: a new connection may take the same name at once.
ALTER TABLE cleanups ADD COLUMN target_name TEXT;
CREATE INDEX users_connection_created ON users (connection, created_at);
