import type { Cursor } from '../http/checkpoint'
import { now } from '../ids'
import { allRows } from './rows'

/**
 * Failed deliveries (migrations/0009_events.sql event_deliveries). Only failures are written: a
 * delivery that succeeds at once costs no write, one that succeeds on a retry deletes its record.
 */

export type DeliveryState = 'retrying' | 'failed'

export interface Attempt {
  status: 'failed'
  timestamp: string
  error_message: string
}

export interface DeliveryRow {
  stream_id: string
  event_id: string
  event_seq: number
  event_type: string
  event_time: string
  /** The CloudEvent as sent, JSON. */
  event: string
  status: DeliveryState
  /** JSON array of Attempt. */
  attempts: string
  updated_at: string
}

const COLUMNS = 'stream_id, event_id, event_seq, event_type, event_time, event, status, attempts, updated_at'

export interface FailedSend {
  seq: number
  id: string
  type: string
  time: string
  event: string
  error: string
}

/**
 * One statement per failed send: the record is created, or the attempt appended to it, with the state
 * `retrying` while another attempt is queued and `failed` after the last one.
 */
export function recordFailureStatements(db: D1Database, streamId: string, failures: FailedSend[], state: DeliveryState): D1PreparedStatement[] {
  const at = now()
  return failures.map((f) =>
    db
      .prepare(
        `INSERT INTO event_deliveries (${COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, json_array(json(?8)), ?9)
         ON CONFLICT (stream_id, event_id) DO UPDATE SET status = excluded.status,
           attempts = json_insert(attempts, '$[#]', json(?8)), updated_at = excluded.updated_at`,
      )
      .bind(streamId, f.id, f.seq, f.type, f.time, f.event, state, JSON.stringify({ status: 'failed', timestamp: at, error_message: f.error } satisfies Attempt), at),
  )
}

/** Deliveries that have now succeeded leave the failure list. */
export function clearDeliveriesStatement(db: D1Database, streamId: string, eventIds: string[]): D1PreparedStatement {
  return db
    .prepare('DELETE FROM event_deliveries WHERE stream_id = ? AND event_id IN (SELECT value FROM json_each(?))')
    .bind(streamId, JSON.stringify(eventIds))
}

/** The CloudEvents of records, for a redelivery whose events have expired from the outbox. */
export function deliverySnapshots(db: D1Database, streamId: string, seqs: number[]): Promise<Pick<DeliveryRow, 'event_seq' | 'event'>[]> {
  return allRows(
    db
      .prepare('SELECT event_seq, event FROM event_deliveries WHERE stream_id = ? AND event_seq IN (SELECT value FROM json_each(?))')
      .bind(streamId, JSON.stringify(seqs)),
  )
}

export interface DeliveryFilter {
  eventTypes?: string[]
  dateFrom?: string
  dateTo?: string
}

/** Every record is a delivery that failed so far; `retrying` ones are listed too (only redelivery tells them apart). */
const FILTER = `stream_id = ?1
  AND (?2 IS NULL OR event_type IN (SELECT value FROM json_each(?2)))
  AND (?3 IS NULL OR event_time >= ?3) AND (?4 IS NULL OR event_time < ?4)`

const filterValues = (streamId: string, f: DeliveryFilter) => [
  streamId,
  f.eventTypes?.length ? JSON.stringify(f.eventTypes) : null,
  f.dateFrom ?? null,
  f.dateTo ?? null,
]

/**
 * A keyset page of a stream's failed deliveries in event order (event_time, event_id) after `after`,
 * with the stream's existence in the same batch: null when there is no such stream.
 */
export async function listDeliveries(db: D1Database, streamId: string, f: DeliveryFilter, after: Cursor | null, limit: number): Promise<DeliveryRow[] | null> {
  const [stream, page] = await db.batch([
    db.prepare('SELECT 1 AS found FROM event_streams WHERE id = ?').bind(streamId),
    db
      .prepare(`SELECT ${COLUMNS} FROM event_deliveries WHERE ${FILTER} AND (event_time, event_id) > (?5, ?6) ORDER BY event_time, event_id LIMIT ?7`)
      .bind(...filterValues(streamId, f), after?.createdAt ?? '', after?.id ?? '', limit),
  ])
  return stream!.results.length ? (page!.results as DeliveryRow[]) : null
}

/** A stream's delivery record of one event, whatever its state. */
export function findDelivery(db: D1Database, streamId: string, eventId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${COLUMNS} FROM event_deliveries WHERE stream_id = ? AND event_id = ?`).bind(streamId, eventId)
}

/**
 * Failed deliveries to send again: at most `limit`, with the `updated_at` each was read with, so
 * `markRedelivering` leaves alone a record a delivery job changed in between.
 */
export function failedForRedelivery(db: D1Database, streamId: string, f: DeliveryFilter, limit: number): Promise<Pick<DeliveryRow, 'event_id' | 'event_seq' | 'updated_at'>[]> {
  return allRows(
    db
      .prepare(`SELECT event_id, event_seq, updated_at FROM event_deliveries WHERE ${FILTER} AND status = 'failed' ORDER BY event_time, event_id LIMIT ?5`)
      .bind(...filterValues(streamId, f), limit),
  )
}

/** Records whose redelivery was queued leave the failure list while it runs (a second redeliver does not queue them again). */
export function markRedelivering(db: D1Database, streamId: string, rows: Pick<DeliveryRow, 'event_id' | 'updated_at'>[]): D1PreparedStatement[] {
  return rows.map((r) =>
    db
      .prepare(`UPDATE event_deliveries SET status = 'retrying' WHERE stream_id = ? AND event_id = ? AND status = 'failed' AND updated_at = ?`)
      .bind(streamId, r.event_id, r.updated_at),
  )
}

/**
 * The cron's repairs: a record still `retrying` long after its last attempt lost its queued retry
 * (it becomes `failed`, listed and redeliverable); failed records older than `expireBefore` go.
 */
export async function sweepDeliveries(db: D1Database, staleBefore: string, expireBefore: string, chunk: number): Promise<{ stale: number; expired: number }> {
  const [stale, expired] = await db.batch([
    db
      .prepare(`UPDATE event_deliveries SET status = 'failed' WHERE rowid IN (SELECT rowid FROM event_deliveries WHERE status = 'retrying' AND updated_at < ? LIMIT ?)`)
      .bind(staleBefore, chunk),
    db
      .prepare(`DELETE FROM event_deliveries WHERE rowid IN (SELECT rowid FROM event_deliveries WHERE status = 'failed' AND updated_at < ? LIMIT ?)`)
      .bind(expireBefore, chunk),
  ])
  return { stale: stale!.meta.changes ?? 0, expired: expired!.meta.changes ?? 0 }
}
