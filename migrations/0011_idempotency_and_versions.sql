-- Idempotency keys (README "Safe retries"): one row per client and key, claimed in the same batch
-- as the request's first write, its answer kept for 24 hours; the cron deletes expired ones.
CREATE TABLE idempotency_keys (
  client_id TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER,
  headers TEXT,
  body TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (client_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- A version per organization, bumped by every change of it: its ETag, and what If-Match compares.
ALTER TABLE organizations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
