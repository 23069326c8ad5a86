import { clearDeliveriesStatement, deliverySnapshots, recordFailureStatements, type FailedSend } from '../db/event-deliveries'
import { eventsBySeq } from '../db/event-log'
import { findStream, type StreamRow } from '../db/event-streams'
import type { Env } from '../env'
import { eventsConfig, retryDelay, type EventsConfig } from '../events/config'
import { cloudEventJson, tenantOf } from '../events/cloud-event'
import { authHeader, endpointProblem, postEvent, type WebhookAuth } from '../events/webhook'
import type { EventsDeliverJob } from './jobs'

/**
 * Requests one delivery job has in flight. Workers keep 6 connections open per invocation and queue
 * the rest, so with several jobs in a batch a request may wait for one; a dead endpoint holds at most
 * this many for one timeout (see sendAll), leaving the others to the other streams.
 */
const JOB_CONCURRENCY = 4

interface Outgoing {
  seq: number
  id: string
  type: string
  time: string
  body: string
}

/**
 * Delivers events to one stream ('events.deliver'). The stream is read first: a deleted or disabled
 * one is sent nothing. Each event is POSTed with the stream's authorization; the failed ones are
 * recorded (attempt appended) and sent again in a new job after a backoff, until the last attempt
 * records them `failed` for GET .../deliveries and redelivery. Every step is written before the job
 * ends, so a job that dies mid-way is run again by the queue: at least once, never lost.
 */
export async function runDelivery(job: EventsDeliverJob, env: Env, fetcher: typeof fetch = fetch): Promise<void> {
  const config = eventsConfig(env)
  const [stream, rows] = await Promise.all([findStream(env.DB, job.streamId), eventsBySeq(env.DB, job.seqs)])
  if (!stream || stream.status !== 'enabled') return log(job, 'skipped', { reason: stream ? 'stream disabled' : 'stream deleted' })
  const tenant = tenantOf(env)
  const items: Outgoing[] = rows.map((r) => ({ seq: r.seq, id: r.id, type: r.type, time: r.time, body: cloudEventJson(r, stream.id, tenant) }))
  // A redelivery of an event that expired from the outbox sends the CloudEvent its record kept.
  const missing = job.seqs.filter((seq) => !rows.some((r) => r.seq === seq))
  if (missing.length) items.push(...(await deliverySnapshots(env.DB, stream.id, missing)).map(fromSnapshot))

  const failures = await sendAll(stream, items, config, fetcher)
  const failed = new Set(failures.map((f) => f.seq))
  const delivered = items.filter((i) => !failed.has(i.seq)).map((i) => i.id)
  const last = job.attempt >= config.attempts
  const writes = [
    ...((job.attempt > 1 || job.redelivery) && delivered.length ? [clearDeliveriesStatement(env.DB, stream.id, delivered)] : []),
    ...recordFailureStatements(env.DB, stream.id, failures, last ? 'failed' : 'retrying'),
  ]
  if (writes.length) await env.DB.batch(writes)
  if (failures.length && !last) {
    const retry: EventsDeliverJob = { ...job, seqs: failures.map((f) => f.seq), attempt: job.attempt + 1 }
    await env.JOBS.send(retry, { delaySeconds: retryDelay(config, job.attempt) })
  }
  log(job, 'done', { delivered: delivered.length, failed: failures.length, ...(failures.length && { final: last, reason: failures[0]!.error }) })
}

/**
 * A delivery job the queue gave up on (it failed every time, e.g. D1 was unreachable; the dead-letter
 * consumer calls this): its events are recorded as failed deliveries of the stream, listed and
 * redeliverable like any other, instead of being lost in the dead letters.
 */
export async function recordDeadDelivery(job: EventsDeliverJob, env: Env): Promise<void> {
  const [stream, rows] = await Promise.all([findStream(env.DB, job.streamId), eventsBySeq(env.DB, job.seqs)])
  if (!stream || rows.length === 0) return
  const tenant = tenantOf(env)
  const error = 'The delivery job failed on every try (see the dead letters)'
  const failures = rows.map((r) => ({ seq: r.seq, id: r.id, type: r.type, time: r.time, event: cloudEventJson(r, stream.id, tenant), error }))
  await env.DB.batch(recordFailureStatements(env.DB, stream.id, failures, 'failed'))
}

function fromSnapshot(s: { event_seq: number; event: string }): Outgoing {
  const e = JSON.parse(s.event) as { id: string; type: string; time: string }
  return { seq: s.event_seq, id: e.id, type: e.type, time: e.time, body: s.event }
}

/**
 * POSTs every event, JOB_CONCURRENCY at a time. An endpoint that does not answer at all (timeout,
 * refused) is sent nothing more for one timeout's length, by this job or any other of this isolate:
 * the rest fail at once with that reason, so a dead receiver holds a job for one timeout, not one per
 * event, and keeps its hands off the connections other streams' jobs need.
 */
async function sendAll(stream: StreamRow, items: Outgoing[], config: EventsConfig, fetcher: typeof fetch): Promise<FailedSend[]> {
  const failures: FailedSend[] = []
  const problem = endpointProblem(stream.endpoint, config.allowLocalWebhooks)
  const header = authHeader(JSON.parse(stream.auth) as WebhookAuth, stream.secret)
  let next = 0
  const worker = async () => {
    for (let item = items[next++]; item; item = items[next++]) {
      const down = unresponsive.get(stream.id)
      let error: string | null = null
      if (problem) error = `The endpoint is not allowed here: ${problem}`
      else if (down && down.until > Date.now()) error = `Not sent: the endpoint did not answer another event (${down.reason})`
      else {
        const result = await postEvent(stream.endpoint, header, item.body, config.timeoutMs, fetcher)
        if (!result.ok) {
          error = result.error
          if (result.unresponsive) unresponsive.set(stream.id, { until: Date.now() + config.timeoutMs, reason: result.error })
        }
      }
      if (error !== null) failures.push({ seq: item.seq, id: item.id, type: item.type, time: item.time, event: item.body, error })
    }
  }
  await Promise.all(Array.from({ length: Math.min(JOB_CONCURRENCY, items.length) }, worker))
  return failures.sort((a, b) => a.seq - b.seq)
}

/**
 * Streams whose endpoint just failed to answer, per isolate. Plain data on purpose: a promise made in
 * one invocation and settled in another is cancelled by the runtime, so no waiting is shared.
 */
const unresponsive = new Map<string, { until: number; reason: string }>()

function log(job: EventsDeliverJob, outcome: string, detail: Record<string, unknown>) {
  console.log(JSON.stringify({ job: 'events.deliver', stream: job.streamId, events: job.seqs.length, attempt: job.attempt, outcome, ...detail }))
}
