-- Events (DESIGN.md "Events (transactional outbox)", behaviour-2026.md §8).
--
-- The outbox: every change writes its events in the same db.batch() as the change itself. `seq` is
-- the commit order and the feed's offset: D1 runs one write transaction at a time, so an event with
-- a smaller seq was committed before one with a larger, and AUTOINCREMENT never hands out a seq
-- twice (not even after the oldest events expire). `data` is the CloudEvent's `data` member;
-- the envelope (source, a0tenant, a0stream) is added when an event is sent or read.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  time TEXT NOT NULL,
  data TEXT NOT NULL,
  -- NULL for the event of a change; a stream's id for a test event sent to that stream only.
  stream_id TEXT
);
CREATE INDEX events_time ON events (time);

-- Singleton state of the outbox. `expired_through`: events up to this seq were deleted by the cron
-- (always a prefix of seq), so a feed offset before it answers 410. `dispatch_until`/`dispatch_by`:
-- the lease of the one dispatcher handing new events to the queue.
CREATE TABLE events_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  expired_through INTEGER NOT NULL,
  dispatch_until TEXT NOT NULL,
  dispatch_by TEXT
);
INSERT INTO events_state (id, expired_through, dispatch_until) VALUES (1, 0, '');

-- Webhook event streams. `secret` holds the password, token or header value of the authorization:
-- used to deliver, never answered. `cursor`: every event up to this seq has been handed to the queue
-- for this stream (or was committed before the stream was created or last enabled).
CREATE TABLE event_streams (
  id TEXT PRIMARY KEY,
  name TEXT,
  status TEXT NOT NULL,
  subscriptions TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  auth TEXT NOT NULL,
  secret TEXT NOT NULL,
  cursor INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Deliveries that failed: 'retrying' while the queue holds a retry, 'failed' once the last one
-- failed (listed by GET /event-streams/{id}/deliveries, redeliverable). A delivery that succeeds
-- deletes its row. `event` is the CloudEvent as sent, so a redelivery outlives the event's expiry.
CREATE TABLE event_deliveries (
  stream_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  event_time TEXT NOT NULL,
  event TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (stream_id, event_id)
);
CREATE INDEX event_deliveries_list ON event_deliveries (stream_id, status, event_time, event_id);
CREATE INDEX event_deliveries_updated ON event_deliveries (status, updated_at);
