import type { WebhookAuth } from '../events/webhook'
import { newSortableId, now } from '../ids'
import type { EventType, StreamStatus } from '../schemas/event-stream'
import { LATEST_SEQ } from './event-log'
import { allRows } from './rows'

/** An event stream as stored; `secret` never leaves the Worker except in a delivery's header. */
export interface StreamRow {
  id: string
  name: string | null
  status: StreamStatus
  /** JSON array of event types. */
  subscriptions: string
  endpoint: string
  /** JSON WebhookAuth: the method and its non-secret part. */
  auth: string
  secret: string
  cursor: number
  created_at: string
  updated_at: string
}

export interface StreamInput {
  name?: string
  status: StreamStatus
  subscriptions: EventType[]
  endpoint: string
  auth: WebhookAuth
  secret: string
}

const COLUMNS = 'id, name, status, subscriptions, endpoint, auth, secret, cursor, created_at, updated_at'

/**
 * A new stream is sent the events committed after it: its cursor starts at the latest seq, read by
 * the INSERT itself, so no event can fall between the read and the write.
 */
export async function insertStream(db: D1Database, input: StreamInput): Promise<StreamRow> {
  const at = now()
  const row = await db
    .prepare(
      `INSERT INTO event_streams (${COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ${LATEST_SEQ}, ?8, ?8) RETURNING ${COLUMNS}`,
    )
    .bind(newSortableId('est'), input.name ?? null, input.status, JSON.stringify(input.subscriptions), input.endpoint,
      JSON.stringify(input.auth), input.secret, at)
    .first<StreamRow>()
  return row!
}

export function findStream(db: D1Database, id: string): Promise<StreamRow | null> {
  return db.prepare(`SELECT ${COLUMNS} FROM event_streams WHERE id = ?`).bind(id).first<StreamRow>()
}

/** Streams in id (creation) order from `from`, inclusive: ids sort by creation time. */
export function listStreams(db: D1Database, from: string | null, limit: number): Promise<StreamRow[]> {
  return allRows<StreamRow>(db.prepare(`SELECT ${COLUMNS} FROM event_streams WHERE id >= ? ORDER BY id LIMIT ?`).bind(from ?? '', limit))
}

export type StreamPatch = Partial<StreamInput>

/**
 * Sent keys replace; a stream enabled again starts from the latest seq (a disabled stream is sent
 * nothing, then or later). Null when there is no such stream.
 */
export function updateStream(db: D1Database, id: string, patch: StreamPatch): Promise<StreamRow | null> {
  const has = (key: keyof StreamPatch) => (key in patch && patch[key] !== undefined ? 1 : 0)
  return db
    .prepare(
      `UPDATE event_streams SET
         name = CASE WHEN ?2 THEN ?3 ELSE name END,
         cursor = CASE WHEN status = 'disabled' AND ?5 = 'enabled' THEN ${LATEST_SEQ} ELSE cursor END,
         status = CASE WHEN ?4 THEN ?5 ELSE status END,
         subscriptions = CASE WHEN ?6 THEN ?7 ELSE subscriptions END,
         endpoint = CASE WHEN ?8 THEN ?9 ELSE endpoint END,
         auth = CASE WHEN ?10 THEN ?11 ELSE auth END,
         secret = CASE WHEN ?12 THEN ?13 ELSE secret END,
         updated_at = ?14
       WHERE id = ?1 RETURNING ${COLUMNS}`,
    )
    .bind(
      id,
      has('name'), patch.name ?? null,
      has('status'), patch.status ?? null,
      has('subscriptions'), JSON.stringify(patch.subscriptions ?? []),
      has('endpoint'), patch.endpoint ?? null,
      has('auth'), JSON.stringify(patch.auth ?? null),
      has('secret'), patch.secret ?? null,
      now(),
    )
    .first<StreamRow>()
}

/** The stream and its delivery records; queued deliveries find no stream and are dropped. */
export async function deleteStream(db: D1Database, id: string): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM event_streams WHERE id = ?').bind(id),
    db.prepare('DELETE FROM event_deliveries WHERE stream_id = ?').bind(id),
  ])
}

// The dispatcher's side: one dispatcher at a time holds a lease, reads every enabled stream's new
// events and moves each stream's cursor past what it handed to the queue.

export interface DispatchView {
  acquired: boolean
  streams: Pick<StreamRow, 'id' | 'subscriptions' | 'cursor'>[]
  latest: number
}

/** Takes the lease (unless another dispatcher holds one that has not run out) and reads what to do, in one batch. */
export async function beginDispatch(db: D1Database, holder: string, leaseMs: number): Promise<DispatchView> {
  const at = new Date()
  const [lease, streams, latest] = await db.batch([
    db
      .prepare('UPDATE events_state SET dispatch_until = ?1, dispatch_by = ?2 WHERE id = 1 AND dispatch_until < ?3')
      .bind(new Date(at.getTime() + leaseMs).toISOString(), holder, at.toISOString()),
    db.prepare(`SELECT id, subscriptions, cursor FROM event_streams WHERE status = 'enabled' ORDER BY id`),
    db.prepare(`SELECT ${LATEST_SEQ} AS latest`),
  ])
  return {
    acquired: (lease!.meta.changes ?? 0) > 0,
    streams: streams!.results as DispatchView['streams'],
    latest: (latest!.results[0] as { latest: number }).latest,
  }
}

/**
 * Per stream, the seqs after its cursor up to `latest` that it is to be sent: the types it subscribes
 * to, and its own test events. One batch, one statement per stream, each an index range of seq.
 */
export async function pendingSeqs(db: D1Database, streams: DispatchView['streams'], latest: number, limit: number): Promise<number[][]> {
  if (streams.length === 0) return []
  const results = await db.batch(
    streams.map((s) =>
      db
        .prepare(
          `SELECT seq FROM events WHERE seq > ?1 AND seq <= ?2
             AND ((stream_id IS NULL AND type IN (SELECT value FROM json_each(?3))) OR stream_id = ?4)
           ORDER BY seq LIMIT ?5`,
        )
        .bind(s.cursor, latest, s.subscriptions, s.id, limit),
    ),
  )
  return results.map((r) => (r.results as { seq: number }[]).map((x) => x.seq))
}

/**
 * Moves cursors (each only from the value read, so a stream enabled again meanwhile keeps its new
 * start), lets go of the lease, and reads the latest seq once let go: what the holder must look at.
 */
export async function finishDispatch(db: D1Database, holder: string, moves: { id: string; from: number; to: number }[]): Promise<number> {
  const results = await db.batch([
    ...moves.map((m) => db.prepare('UPDATE event_streams SET cursor = ?3 WHERE id = ?1 AND cursor = ?2').bind(m.id, m.from, m.to)),
    db.prepare(`UPDATE events_state SET dispatch_until = '' WHERE id = 1 AND dispatch_by = ?`).bind(holder),
    db.prepare(`SELECT ${LATEST_SEQ} AS latest`),
  ])
  return (results.at(-1)!.results[0] as { latest: number }).latest
}

/** Whether any enabled stream has events past its cursor: a dispatch's first look, and the cron's check for one that never ran. */
export async function dispatchBehind(db: D1Database): Promise<boolean> {
  const row = await db.prepare(`SELECT 1 AS behind FROM event_streams WHERE status = 'enabled' AND cursor < ${LATEST_SEQ} LIMIT 1`).first()
  return row !== null
}
