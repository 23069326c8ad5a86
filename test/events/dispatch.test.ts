import { createMessageBatch, getQueueResult, createExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { organizationDeletedEvent } from '../../src/db/events'
import worker from '../../src/index'
import { runDispatch } from '../../src/queue/event-dispatch'
import { DELIVERY_BATCH } from '../../src/queue/jobs'
import { sweepEvents } from '../../src/queue/event-sweep'
import type { EventsDeliverJob, Job } from '../../src/queue/jobs'
import { api } from '../helpers/api'
import { installReceivers, received, receiverName, webhookStream } from '../helpers/events'

/**
 * The queue jobs run here by hand with a queue producer that records what they send. Nothing in this
 * file writes through the API paths that enqueue a dispatch, so the background consumer stays idle.
 */
beforeAll(installReceivers)

function recordingQueue() {
  const sent: { body: Job; delaySeconds?: number }[] = []
  const queue = {
    send: vi.fn(async (body: Job, opts?: { delaySeconds?: number }) => void sent.push({ body, ...opts })),
    sendBatch: vi.fn(async (batch: Iterable<MessageSendRequest<Job>>) => void sent.push(...[...batch].map((m) => ({ body: m.body })))),
  } as unknown as Queue<Job>
  return { sent, env: { ...env, JOBS: queue } }
}

/** Events written straight into the outbox, as a committed change would (no dispatch is enqueued). */
async function commitEvents(type: string, count: number): Promise<number[]> {
  const statements = Array.from({ length: count }, (_, i) =>
    env.DB.prepare(`INSERT INTO events (id, type, time, data) VALUES ('evt_' || lower(hex(randomblob(11))), ?, ?, ?) RETURNING seq`)
      .bind(type, new Date().toISOString(), JSON.stringify({ object: { user_id: `auth0|dispatch-${i}` } })),
  )
  const results = await env.DB.batch(statements)
  return results.map((r) => (r.results[0] as { seq: number }).seq)
}

async function stream(name: string, types: string[]) {
  const res = await api.post('/api/v2/event-streams', webhookStream(name, types))
  expect(res.status).toBe(201)
  return res.body as { id: string }
}

const cursor = async (id: string) => (await env.DB.prepare('SELECT cursor FROM event_streams WHERE id = ?').bind(id).first<{ cursor: number }>())!.cursor
const deliverJobs = (sent: { body: Job }[], streamId: string) =>
  sent.map((s) => s.body).filter((j): j is EventsDeliverJob => j.type === 'events.deliver' && j.streamId === streamId)

describe('dispatch', () => {
  it('hands each stream the events past its cursor, batched, then moves the cursor; again, it sends nothing', async () => {
    const s = await stream(receiverName('ok'), ['user.deleted'])
    const seqs = await commitEvents('user.deleted', DELIVERY_BATCH + 20)
    await commitEvents('user.created', 3)
    const q = recordingQueue()
    await runDispatch(q.env)
    const jobs = deliverJobs(q.sent, s.id)
    expect(jobs.map((j) => j.seqs.length)).toEqual([DELIVERY_BATCH, 20])
    expect(jobs.flatMap((j) => j.seqs)).toEqual(seqs)
    expect(jobs.every((j) => j.attempt === 1)).toBe(true)
    expect(await cursor(s.id)).toBe(seqs.at(-1)! + 3)
    const again = recordingQueue()
    await runDispatch(again.env)
    expect(deliverJobs(again.sent, s.id)).toEqual([])
  })

  it('a dispatcher that finds the lease held stops; the holder sees what was committed before it let go', async () => {
    const s = await stream(receiverName('ok'), ['user.deleted'])
    await env.DB.prepare(`UPDATE events_state SET dispatch_until = ?, dispatch_by = 'other' WHERE id = 1`).bind(new Date(Date.now() + 60_000).toISOString()).run()
    const seqs = await commitEvents('user.deleted', 2)
    const blocked = recordingQueue()
    await runDispatch(blocked.env)
    expect(blocked.sent).toEqual([])
    // The holder finishes (lets go) and reads the latest seq: it goes round again and sends them.
    await env.DB.prepare(`UPDATE events_state SET dispatch_until = '' WHERE id = 1`).run()
    const holder = recordingQueue()
    await runDispatch(holder.env)
    expect(deliverJobs(holder.sent, s.id).flatMap((j) => j.seqs)).toEqual(seqs)
  })

  it('the cron enqueues a dispatch when a stream is behind (an enqueue after a write that got lost), and only then', async () => {
    await stream(receiverName('ok'), ['user.deleted'])
    await commitEvents('user.deleted', 1)
    const q = recordingQueue()
    expect((await sweepEvents(q.env, Date.now())).dispatchRequested).toBe(true)
    expect(q.sent).toEqual([{ body: { type: 'events.dispatch' } }])
    await runDispatch(recordingQueue().env)
    const after = recordingQueue()
    expect((await sweepEvents(after.env, Date.now())).dispatchRequested).toBe(false)
    expect(after.sent).toEqual([])
  })
})

describe('delivery jobs', () => {
  it('an endpoint that never answers costs its job one timeout, and holds up no other stream in the same batch', async () => {
    const [dead, live] = [receiverName('hang'), receiverName('ok')]
    const [d, l] = [await stream(dead, ['user.deleted']), await stream(live, ['user.deleted'])]
    const seqs = await commitEvents('user.deleted', 8)
    const q = recordingQueue()
    const batch = createMessageBatch<Job>('edge-orgs-jobs', [
      { id: 'dead', timestamp: new Date(), attempts: 1, body: { type: 'events.deliver', streamId: d.id, seqs, attempt: 1 } },
      { id: 'live', timestamp: new Date(), attempts: 1, body: { type: 'events.deliver', streamId: l.id, seqs, attempt: 1 } },
    ])
    const started = Date.now()
    const liveDone = (async () => {
      while ((received.get(live)?.length ?? 0) < seqs.length) await new Promise((r) => setTimeout(r, 5))
      return Date.now() - started
    })()
    const ctx = createExecutionContext()
    await worker.queue(batch, q.env, ctx)
    const took = Date.now() - started
    expect(await liveDone).toBeLessThan(300) // WEBHOOK_TIMEOUT_MS: the live stream did not wait for the dead one
    expect(took).toBeLessThan(3 * 300) // one timeout, not one per event
    expect(received.get(dead)!.length).toBeLessThanOrEqual(4) // one job's worth in flight, then it stopped sending
    expect((await getQueueResult(batch, ctx)).explicitAcks.sort()).toEqual(['dead', 'live'])
    // The dead stream's events are retried later, all of them, and recorded meanwhile.
    expect(deliverJobs(q.sent, d.id)).toEqual([{ type: 'events.deliver', streamId: d.id, seqs, attempt: 2 }])
    const records = await env.DB.prepare(`SELECT status, attempts FROM event_deliveries WHERE stream_id = ?`).bind(d.id).all<{ status: string; attempts: string }>()
    expect(records.results).toHaveLength(8)
    expect(records.results.every((r) => r.status === 'retrying')).toBe(true)
    const errors = records.results.map((r) => JSON.parse(r.attempts)[0].error_message as string)
    expect(errors).toContain('No answer within 300 ms')
    expect(errors.filter((e) => e.startsWith('Not sent: the endpoint did not answer another event'))).not.toEqual([])
  })

  it('sends a deleted or disabled stream nothing', async () => {
    const [gone, off] = [receiverName('ok'), receiverName('ok')]
    const [g, o] = [await stream(gone, ['user.deleted']), await stream(off, ['user.deleted'])]
    const seqs = await commitEvents('user.deleted', 1)
    expect((await api.delete(`/api/v2/event-streams/${g.id}`)).status).toBe(204)
    expect((await api.patch(`/api/v2/event-streams/${o.id}`, { status: 'disabled' })).status).toBe(200)
    const q = recordingQueue()
    const batch = createMessageBatch<Job>('edge-orgs-jobs', [g, o].map((s) => ({ id: s.id, timestamp: new Date(), attempts: 1, body: { type: 'events.deliver', streamId: s.id, seqs, attempt: 1 } })))
    await worker.queue(batch, q.env, createExecutionContext())
    expect(received.get(gone)).toBeUndefined()
    expect(received.get(off)).toBeUndefined()
    expect(q.sent).toEqual([])
  })
})

describe('dead letters', () => {
  it('a delivery job the queue gave up on leaves its events as failed deliveries, listed and redeliverable', async () => {
    const s = await stream(receiverName('ok'), ['user.deleted'])
    const seqs = await commitEvents('user.deleted', 2)
    const batch = createMessageBatch<Job>('edge-orgs-dlq', [{ id: 'dead-delivery', timestamp: new Date(), attempts: 6, body: { type: 'events.deliver', streamId: s.id, seqs, attempt: 1 } }])
    await worker.queue(batch, env, createExecutionContext())
    const listed = (await api.get(`/api/v2/event-streams/${s.id}/deliveries`)).body.deliveries
    expect(listed.map((d: { attempts: { error_message: string }[] }) => d.attempts.map((a) => a.error_message))).toEqual([
      ['The delivery job failed on every try (see the dead letters)'],
      ['The delivery job failed on every try (see the dead letters)'],
    ])
  })
})

describe('outbox atomicity', () => {
  it('an event written in a batch that then fails is rolled back with it: a failed write publishes nothing', async () => {
    const org = (await api.post('/api/v2/organizations', { name: `atomic-${Date.now()}` })).body
    const before = await env.DB.prepare('SELECT count(*) AS n FROM events').first<{ n: number }>()
    const failing = env.DB.prepare('INSERT INTO organizations (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').bind(org.id, org.name, '', '')
    await expect(env.DB.batch([organizationDeletedEvent(env.DB, org.id), env.DB.prepare('DELETE FROM organizations WHERE id = ?').bind(org.id), failing, failing])).rejects.toThrow(/UNIQUE|constraint/)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM events').first()).toEqual(before)
    expect((await api.get(`/api/v2/organizations/${org.id}`)).status).toBe(200)
  })
})
