import type { EventRow } from '../events/cloud-event'
import { allRows } from './rows'

/**
 * Reading and expiring the outbox (db/events.ts writes it). Positions are seqs: "after seq p" means
 * every event with a larger seq, in commit order.
 */

const EVENT_COLUMNS = 'seq, id, type, time, data, stream_id'

/**
 * The last seq ever handed out: the newest event, or the expiry horizon once everything older expired.
 * Every event up to it is committed (D1 writes one transaction at a time), so a reader that has seen
 * everything up to it can never be handed an older one later.
 */
export const LATEST_SEQ = '(SELECT max(coalesce((SELECT max(seq) FROM events), 0), expired_through) FROM events_state WHERE id = 1)'

export interface LogBounds {
  /** The last seq handed out. */
  latest: number
  /** Events up to this seq have expired (a prefix). */
  expiredThrough: number
}

const BOUNDS = `SELECT ${LATEST_SEQ} AS latest, expired_through AS expiredThrough FROM events_state WHERE id = 1`

export const boundsStatement = (db: D1Database) => db.prepare(BOUNDS)

/**
 * The feed's start: its bounds, and with `at` the position just before the first event at or after
 * that time (the events_time index; events commit in about time order, offsets are exact).
 */
export async function feedStart(db: D1Database, at: string | null): Promise<LogBounds & { atTime: number | null }> {
  const [bounds, first] = await db.batch([
    boundsStatement(db),
    db.prepare('SELECT seq FROM events WHERE time >= ? ORDER BY time LIMIT 1').bind(at ?? '9999'),
  ])
  const b = bounds!.results[0] as LogBounds
  const seq = (first!.results[0] as { seq: number } | undefined)?.seq
  return { ...b, atTime: at === null ? null : seq === undefined ? b.latest : seq - 1 }
}

/**
 * One page of the feed after `after`, read with the bounds in one batch. `through` is how far the
 * page covers: its last event's seq when it is full, else the latest seq (every event between was
 * of another type, or a test event, which the feed leaves out), so the reader never reads them again.
 */
export async function feedPage(
  db: D1Database,
  after: number,
  types: string[] | null,
  limit: number,
): Promise<{ rows: EventRow[]; through: number; bounds: LogBounds }> {
  const [bounds, page] = await db.batch([
    boundsStatement(db),
    db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events
         WHERE seq > ?1 AND seq <= ${LATEST_SEQ} AND stream_id IS NULL AND (?2 IS NULL OR type IN (SELECT value FROM json_each(?2)))
         ORDER BY seq LIMIT ?3`,
      )
      .bind(after, types && JSON.stringify(types), limit),
  ])
  const b = bounds!.results[0] as LogBounds
  const rows = page!.results as EventRow[]
  return { rows, through: rows.length === limit ? rows.at(-1)!.seq : Math.max(after, b.latest), bounds: b }
}

/** Events by seq (those still kept). */
export function eventsBySeq(db: D1Database, seqs: number[]): Promise<EventRow[]> {
  return allRows<EventRow>(db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq`).bind(JSON.stringify(seqs)))
}

/** One event by id, with its seq (a redelivery by event id). */
export function findEvent(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`).bind(id)
}

/**
 * Deletes the next chunk of events older than `before`, as a prefix of seq, and moves the horizon
 * with it, in one batch: the feed answers 410 for an offset the horizon passed. Returns the count.
 */
export async function expireEventsChunk(db: D1Database, before: string, chunk: number): Promise<number> {
  const [, deleted] = await db.batch([
    db
      .prepare(
        `UPDATE events_state SET expired_through = max(expired_through,
           coalesce((SELECT max(seq) FROM (SELECT seq, time FROM events ORDER BY seq LIMIT ?2) WHERE time < ?1), 0))
         WHERE id = 1`,
      )
      .bind(before, chunk),
    db.prepare('DELETE FROM events WHERE seq <= (SELECT expired_through FROM events_state WHERE id = 1)'),
  ])
  return deleted!.meta.changes ?? 0
}
