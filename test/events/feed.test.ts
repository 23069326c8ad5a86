import { createExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { sweepEvents, EVENTS_KEPT_MS } from '../../src/queue/event-sweep'
import { api, auth0Error, mintToken } from '../helpers/api'
import { eventsAfter, lastSeq } from '../helpers/events'
import { createOrganization } from '../helpers/factories'
import { sseData } from '../helpers/sse'

/**
 * GET /events: every response is also held, message by message, to Auth0's schema of the feed
 * (EventStreamSubscribeEventsResponseContent) by the contract checker. EVENTS_FEED_WAIT_MS is 150 here.
 */
interface Message {
  type: string
  offset: string
  event?: { id: string; type: string; data: { object: any } }
}

async function feed(query: string): Promise<Message[]> {
  const res = await api.get(`/api/v2/events${query}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
  return sseData(res.body as string).map((d) => JSON.parse(d))
}

const since = (time: string) => `?from_timestamp=${encodeURIComponent(time.slice(0, 19) + 'Z')}`
const offsetOnly = (messages: Message[]) => messages.at(-1)!

describe('GET /events', () => {
  it('streams the events in commit order, each with an offset, then the offset reached; from resumes right after an offset', async () => {
    const start = new Date(Date.now() - 1000).toISOString()
    const before = await lastSeq()
    const org = await createOrganization()
    expect((await api.patch(`/api/v2/organizations/${org.id}`, { display_name: 'One' })).status).toBe(200)
    expect((await api.patch(`/api/v2/organizations/${org.id}`, { display_name: 'Two' })).status).toBe(200)
    const stored = await eventsAfter(before)

    const all = await feed(since(start))
    const mine = all.filter((m) => stored.some((e) => e.id === m.event?.id))
    expect(mine.map((m) => [m.type, m.event!.id, m.event!.data.object])).toEqual(stored.map((e) => [e.type, e.id, e.object]))
    expect(offsetOnly(all)).toEqual({ type: 'offset-only', offset: expect.any(String) })

    const resumed = await feed(`?from=${mine[0]!.offset}`)
    expect(resumed.filter((m) => m.event).map((m) => m.event!.id)).toEqual(stored.slice(1).map((e) => e.id))
    // From the end: nothing but where it still is.
    const atEnd = await feed(`?from=${offsetOnly(all).offset}`)
    expect(atEnd).toEqual([{ type: 'offset-only', offset: offsetOnly(all).offset }])
    // Without a position it starts from now.
    expect((await feed('')).filter((m) => m.event)).toEqual([])
  })

  it('filters by event type (repeatable); the final offset still passes the events it left out', async () => {
    const before = await lastSeq()
    const org = await createOrganization()
    expect((await api.patch(`/api/v2/organizations/${org.id}`, { display_name: 'X' })).status).toBe(200)
    expect((await api.delete(`/api/v2/organizations/${org.id}`)).status).toBe(204)
    const stored = await eventsAfter(before)
    const from = (await feed('')).at(-1)!.offset // where the log ends, past ours
    const start = stored[0]!.time
    const only = await feed(`${since(start)}&event_type=organization.deleted&event_type=organization.created`)
    const ids = only.filter((m) => m.event).map((m) => m.event!.id)
    expect(ids).toEqual(expect.arrayContaining([stored[0]!.id, stored[2]!.id]))
    expect(ids).not.toContain(stored[1]!.id)
    expect(only.filter((m) => m.event).every((m) => ['organization.deleted', 'organization.created'].includes(m.type))).toBe(true)
    expect(offsetOnly(only).offset).toBe(from)
    expect(await api.get('/api/v2/events?event_type=organization.renamed')).toMatchObject({ status: 400 })
  })

  it('waits for new events a moment, polling, and sends them as they commit', async () => {
    const { offset } = (await feed('')).at(-1)!
    const ctx = createExecutionContext()
    const req = new Request(`https://edge-orgs.test/api/v2/events?from=${offset}`, { headers: { authorization: `Bearer ${await mintToken(['read:events'])}` } })
    const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], { ...env, EVENTS_FEED_WAIT_MS: '3000' }, ctx)
    const reader = res.body!.getReader()
    const first = reader.read()
    const org = await createOrganization()
    const chunk = new TextDecoder().decode((await first).value)
    const [message] = sseData(chunk).map((d) => JSON.parse(d))
    expect(message).toMatchObject({ type: 'organization.created', event: { data: { object: { id: org.id } } } })
    await reader.cancel()
  })

  it('pages through a reader far behind, every event once, in order', async () => {
    const before = await lastSeq()
    const statements = Array.from({ length: 250 }, (_, i) =>
      env.DB.prepare(`INSERT INTO events (id, type, time, data) VALUES ('evt_' || lower(hex(randomblob(11))), 'user.deleted', ?, ?)`).bind(
        new Date().toISOString(),
        JSON.stringify({ object: { user_id: `auth0|far-${i}`, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', identities: [], deleted_at: '2026-01-02T00:00:00.000Z' } }),
      ),
    )
    await env.DB.batch(statements)
    const stored = await eventsAfter(before)
    const { offset } = (await feed(`?from_timestamp=${encodeURIComponent(stored[0]!.time.slice(0, 19) + 'Z')}`)).find((m) => m.event?.id === stored[0]!.id)!
    const messages = await feed(`?from=${offset}&event_type=user.deleted`)
    expect(messages.filter((m) => m.event).map((m) => m.event!.id)).toEqual(stored.slice(1).map((e) => e.id))
  })

  it('answers 400 for an offset that is not ours, 410 for one older than the events kept, 403 without read:events', async () => {
    const invalid = auth0Error(400, "Query validation error: 'Invalid offset' on property from (Opaque offset of the last event seen: the feed resumes right after it.).", 'invalid_query_string')
    expect(await api.get('/api/v2/events?from=not-an-offset')).toMatchObject({ status: 400, body: invalid })
    expect(await api.get(`/api/v2/events?from=${btoa('evo1.999999999')}`)).toMatchObject({ status: 400, body: invalid })
    const { offset } = (await feed(`?from_timestamp=2000-01-01T00:00:00Z`)).find((m) => m.event)!
    expect((await api.get('/api/v2/events', { scopes: ['read:event_streams'] })).status).toBe(403)

    // Eight days on, the cron has deleted them all (in chunks): that offset is gone.
    const latest = (await feed('')).at(-1)!.offset
    const swept = await sweepEvents({ ...env, JOBS: { send: async () => undefined } as unknown as Queue }, Date.now() + EVENTS_KEPT_MS + 24 * 3600 * 1000)
    expect(swept.expiredEvents).toBeGreaterThan(0)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM events').first()).toEqual({ n: 0 })
    expect(await api.get(`/api/v2/events?from=${offset}`)).toMatchObject({
      status: 410,
      body: { statusCode: 410, error: 'Gone', message: 'The offset is older than the events kept (7 days): start again from from_timestamp, or from now.', errorCode: 'cursor_expired' },
    })
    // The newest offset is still a place to resume from.
    expect(await feed(`?from=${latest}`)).toEqual([{ type: 'offset-only', offset: latest }])
  })
})
