import type { Env } from '../env'

/**
 * The events' knobs. Production uses the defaults; `npm run dev` (scripts/dev.mjs) allows local
 * webhooks and retries within seconds, and the tests shorten every wait (vitest.config.ts).
 */
export interface EventsConfig {
  /** Webhooks may use http/https on 127.0.0.1 and localhost (never in production). */
  allowLocalWebhooks: boolean
  /** How long a webhook has to answer one event. */
  timeoutMs: number
  /** Deliveries of an event to a stream, the first included, before it is recorded as failed. */
  attempts: number
  /** The wait before the first retry; each further retry waits twice as long. */
  retrySeconds: number
  /** How long GET /events waits for new events once it has sent what there was, then ends. */
  feedWaitMs: number
  /** How often it looks for new events meanwhile (one indexed D1 read each time). */
  feedPollMs: number
}

const number = (value: string | undefined, fallback: number) => {
  const n = Number(value)
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : fallback
}

export function eventsConfig(env: Env): EventsConfig {
  return {
    allowLocalWebhooks: env.WEBHOOK_LOCAL_HTTP === 'true',
    timeoutMs: number(env.WEBHOOK_TIMEOUT_MS, 10_000),
    attempts: Math.max(1, number(env.EVENT_DELIVERY_ATTEMPTS, 5)),
    retrySeconds: number(env.EVENT_RETRY_SECONDS, 10),
    feedWaitMs: number(env.EVENTS_FEED_WAIT_MS, 5_000),
    feedPollMs: Math.max(10, number(env.EVENTS_FEED_POLL_MS, 1_000)),
  }
}

/** Seconds before retry number `attempt` (1 for the first retry), doubling, capped at Queues' 12 hours. */
export const retryDelay = (config: EventsConfig, attempt: number) => Math.min(43_200, config.retrySeconds * 2 ** (attempt - 1))
