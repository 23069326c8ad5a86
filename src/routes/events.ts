import { feedPage, feedStart } from '../db/event-log'
import type { Env } from '../env'
import { ApiError } from '../errors'
import { cloudEventJson, FEED_STREAM_ID, tenantOf } from '../events/cloud-event'
import { eventsConfig } from '../events/config'
import { ok, operation } from '../http/operation'
import { FeedMessage } from '../openapi/event-responses'
import { EventsFeedQuery } from '../schemas/event-stream'

/** Events per D1 read: a reader far behind pages through the log, never loads it. */
const PAGE = 100
/** However busy the tenant, one response ends after this long; the client resumes from its last offset. */
const MAX_RESPONSE_MS = 25_000

const OFFSET_PREFIX = 'evo1.'

/** Offsets are opaque to clients: base64url of a version tag and the event's seq. */
export const encodeOffset = (seq: number) => btoa(`${OFFSET_PREFIX}${seq}`).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')

function decodeOffset(offset: string): number | null {
  try {
    const text = atob(offset.replace(/-/g, '+').replace(/_/g, '/'))
    const match = /^evo1\.(\d{1,15})$/.exec(text)
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

const notOurs = () => new ApiError('invalid_query_string', "Query validation error: 'Invalid offset' on property from (Opaque offset of the last event seen: the feed resumes right after it.).")
const expired = () =>
  new ApiError('cursor_expired', 'The offset is older than the events kept (7 days): start again from from_timestamp, or from now.')

const feed = operation(
  {
    method: 'GET',
    path: '/events',
    operationId: 'subscribe_events',
    summary: 'Read the events feed',
    tag: 'events',
    description:
      "Server-sent events: one message per event in commit order, each `data:` line `{\"type\", \"offset\", \"event\"}`. `from` resumes right after an offset; `from_timestamp` starts at the first event at or after a time; neither starts from now. After what there is, the response waits a few seconds for new events, then ends with an `offset-only` message to resume from. Events are kept 7 days: an older offset answers 410.",
    scopes: ['read:events'],
    query: EventsFeedQuery,
    responses: { 200: ok('The events, as text/event-stream; the schema is one message\'s data.', FeedMessage, 'text/event-stream') },
    errors: [410],
  },
  async ({ query: q, env }) => {
    const start = await feedStart(env.DB, q.from_timestamp === undefined ? null : new Date(q.from_timestamp).toISOString())
    let after = start.latest
    if (q.from !== undefined) {
      const seq = decodeOffset(q.from)
      if (seq === null || seq > start.latest) throw notOurs()
      if (seq < start.expiredThrough) throw expired()
      after = seq
    } else if (start.atTime !== null) {
      after = Math.max(start.atTime, start.expiredThrough)
    }
    return new Response(eventStream(env, after, q.event_type ?? null), {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' },
    })
  },
)

/**
 * Sends the events after `after` a page at a time, then polls D1 every feedPollMs until feedWaitMs
 * pass without a new one (or the response has run MAX_RESPONSE_MS), and ends with the offset reached.
 */
function eventStream(env: Env, after: number, types: string[] | null): ReadableStream<Uint8Array> {
  const config = eventsConfig(env)
  const tenant = tenantOf(env)
  const encoder = new TextEncoder()
  const started = Date.now()
  let position = after
  let quietSince = Date.now()
  const message = (offset: string, data: string) => encoder.encode(`id: ${offset}\ndata: ${data}\n\n`)
  return new ReadableStream({
    async pull(controller) {
      for (;;) {
        const page = await feedPage(env.DB, position, types, PAGE)
        position = page.through
        if (page.rows.length) {
          for (const row of page.rows) {
            const offset = encodeOffset(row.seq)
            controller.enqueue(message(offset, `{"type":${JSON.stringify(row.type)},"offset":"${offset}","event":${cloudEventJson(row, FEED_STREAM_ID, tenant)}}`))
          }
          quietSince = Date.now()
          if (Date.now() - started < MAX_RESPONSE_MS) return
        }
        const now = Date.now()
        if (now - quietSince >= config.feedWaitMs || now - started >= MAX_RESPONSE_MS) {
          // Where to resume: past this page's events, and past any of other types up to the latest seq.
          const offset = encodeOffset(position)
          controller.enqueue(message(offset, `{"type":"offset-only","offset":"${offset}"}`))
          controller.close()
          return
        }
        await new Promise((resolve) => setTimeout(resolve, config.feedPollMs))
      }
    },
  })
}

export const events = [feed]
