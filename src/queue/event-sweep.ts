import { sweepDeliveries } from '../db/event-deliveries'
import { expireEventsChunk } from '../db/event-log'
import { dispatchBehind } from '../db/event-streams'
import type { Env } from '../env'
import { eventsConfig, retryDelay } from '../events/config'

/** Events and failed deliveries are kept this long. */
export const EVENTS_KEPT_MS = 7 * 24 * 3600 * 1000
/** Rows per statement, statements a run: a large backlog of expired events goes over several runs. */
const CHUNK = 1_000
const ROUNDS = 20

export interface EventSweep {
  expiredEvents: number
  /** Delivery records whose queued retry was lost, now listed as failed. */
  staleDeliveries: number
  expiredDeliveries: number
  /** A stream was behind: the dispatch that should have followed a write never ran. */
  dispatchRequested: boolean
}

/**
 * The cron's share of the events: expire the outbox and old failed deliveries in chunks (the outbox
 * as a prefix of seq, see db/event-log.ts), make a delivery whose retry was lost redeliverable, and
 * enqueue a dispatch when a stream is behind. That last one is the safety net: a lost enqueue after
 * a write delays its events until here, it does not lose them.
 */
export async function sweepEvents(env: Env, scheduledTime: number): Promise<EventSweep> {
  const config = eventsConfig(env)
  const expireBefore = new Date(scheduledTime - EVENTS_KEPT_MS).toISOString()
  let expiredEvents = 0
  for (let round = 0; round < ROUNDS; round++) {
    const deleted = await expireEventsChunk(env.DB, expireBefore, CHUNK)
    expiredEvents += deleted
    if (deleted < CHUNK) break
  }
  // A retry is due within retryDelay of its record's last write; an hour on top of the longest is plenty.
  const staleBefore = new Date(scheduledTime - (retryDelay(config, config.attempts) + 3600) * 1000).toISOString()
  const { stale, expired } = await sweepDeliveries(env.DB, staleBefore, expireBefore, CHUNK)
  const dispatchRequested = await dispatchBehind(env.DB)
  if (dispatchRequested) await env.JOBS.send({ type: 'events.dispatch' })
  return { expiredEvents, staleDeliveries: stale, expiredDeliveries: expired, dispatchRequested }
}
