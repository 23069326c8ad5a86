import { failedForRedelivery, findDelivery, listDeliveries, markRedelivering, type DeliveryRow } from '../db/event-deliveries'
import { findEvent } from '../db/event-log'
import { findStream } from '../db/event-streams'
import { insertTestEvent } from '../db/events'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { cloudEventJson, deliveryEvent, tenantOf, type EventRow } from '../events/cloud-event'
import { testEventData } from '../events/samples'
import { checkpointBody, checkpointRequest } from '../http/checkpoint'
import { ok, operation, reply } from '../http/operation'
import { DeliveryList, DeliveryResponse, RedeliveryResponse, TestEventResponse, type Delivery } from '../openapi/event-responses'
import { deliveryJobs, sendJobs } from '../queue/jobs'
import { DeliveryListQuery, EventStreamEventPath, EventStreamPath, RedeliverBody, TestEventBody, type EventType } from '../schemas/event-stream'
import { streamNotFound } from './event-streams'

/** Auth0's documented text for these 404s. */
const eventNotFound = () => new ApiError('inexistent_event', 'The event does not exist.')
const disabled = () => new ApiError('conflict', 'The event stream is disabled: it is sent nothing, redeliveries included.')

/** Records queued again per redeliver request; a larger backlog takes several requests. */
export const REDELIVER_LIMIT = 5_000

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.event_id,
    event_stream_id: row.stream_id,
    status: 'failed',
    event_type: row.event_type as EventType,
    attempts: JSON.parse(row.attempts),
    event: deliveryEvent(row.event) as Delivery['event'],
  }
}

const BASE = '/event-streams/{id}'

const list = operation(
  {
    method: 'GET',
    path: `${BASE}/deliveries`,
    operationId: 'get_event_deliveries',
    summary: "List an event stream's failed deliveries",
    tag: 'event-streams',
    description:
      'Deliveries that failed and have not succeeded since, each with its attempts, in event order; those whose retries are still running are listed too. `date_from`/`date_to` bound the event time. Checkpoint paging.',
    scopes: ['read:event_streams', 'read:event_deliveries'],
    params: EventStreamPath,
    query: DeliveryListQuery,
    responses: { 200: ok('Failed deliveries.', DeliveryList) },
    errors: [404],
  },
  async ({ params: { id }, query: q, env }) => {
    const page = checkpointRequest(q) ?? { take: 50, after: null }
    const filter = { eventTypes: q.event_types, dateFrom: q.date_from, dateTo: q.date_to }
    const rows = (await listDeliveries(env.DB, id, filter, page.after, page.take + 1)) ?? fail(streamNotFound())
    const items = rows.map((r) => ({ item: toDelivery(r), cursor: { createdAt: r.event_time, id: r.event_id } }))
    return checkpointBody('deliveries', items, page.take)
  },
)

const get = operation(
  {
    method: 'GET',
    path: `${BASE}/deliveries/{event_id}`,
    operationId: 'get_deliveries_by_event_id',
    summary: 'Get the failed delivery of one event',
    tag: 'event-streams',
    scopes: ['read:event_deliveries'],
    params: EventStreamEventPath,
    responses: { 200: ok('The delivery, with its attempts.', DeliveryResponse) },
    errors: [404],
  },
  async ({ params: { id, event_id }, env }) => {
    const row = await findDelivery(env.DB, id, event_id).first<DeliveryRow>()
    return toDelivery(row ?? fail(eventNotFound()))
  },
)

async function enabledStream(env: Env, id: string) {
  const stream = (await findStream(env.DB, id)) ?? fail(streamNotFound())
  return stream.status === 'enabled' ? stream : fail(disabled())
}

const redeliver = operation(
  {
    method: 'POST',
    path: `${BASE}/redeliver`,
    operationId: 'post_redeliver',
    summary: 'Redeliver failed deliveries',
    tag: 'event-streams',
    description: `Queues the failed deliveries matching every filter given (event time range, statuses, event types) again, each with a fresh set of attempts; up to ${REDELIVER_LIMIT} a request. Answers the filters.`,
    scopes: ['update:event_deliveries'],
    params: EventStreamPath,
    body: RedeliverBody,
    responses: { 202: ok('Queued.', RedeliveryResponse) },
    errors: [404, 409],
  },
  async ({ params: { id }, body, env }) => {
    await enabledStream(env, id)
    const rows = await failedForRedelivery(env.DB, id, { eventTypes: body.event_types, dateFrom: body.date_from, dateTo: body.date_to }, REDELIVER_LIMIT)
    await sendJobs(env.JOBS, deliveryJobs(id, rows.map((r) => r.event_seq), true))
    // Queued first, marked after: a lost mark leaves a record listed as failed, never a delivery unsent.
    if (rows.length) await env.DB.batch(markRedelivering(env.DB, id, rows))
    return body
  },
)

const redeliverOne = operation(
  {
    method: 'POST',
    path: `${BASE}/redeliver/{event_id}`,
    operationId: 'post_redeliver_by_event_id',
    summary: 'Redeliver one event',
    tag: 'event-streams',
    description: 'Queues the event for the stream again, with a fresh set of attempts: a failed delivery, or any kept event the stream is sent.',
    scopes: ['update:event_deliveries'],
    params: EventStreamEventPath,
    responses: { 202: ok('Queued.') },
    errors: [404, 409],
  },
  async ({ params: { id, event_id }, env }) => {
    const stream = await enabledStream(env, id)
    const [record, event] = await env.DB.batch([findDelivery(env.DB, id, event_id), findEvent(env.DB, event_id)])
    const delivery = record!.results[0] as DeliveryRow | undefined
    const kept = event!.results[0] as EventRow | undefined
    const forStream = kept && (kept.stream_id === id || (kept.stream_id === null && (JSON.parse(stream.subscriptions) as string[]).includes(kept.type)))
    const seq = delivery?.event_seq ?? (forStream ? kept.seq : fail(eventNotFound()))
    await sendJobs(env.JOBS, deliveryJobs(id, [seq], true))
    if (delivery) await env.DB.batch(markRedelivering(env.DB, id, [delivery]))
    return reply(202)
  },
)

const test = operation(
  {
    method: 'POST',
    path: `${BASE}/test`,
    operationId: 'post_test_event',
    summary: 'Send a test event to an event stream',
    tag: 'event-streams',
    description:
      "Queues a test event (`a0purpose: \"test\"`) of the type for this stream only, with `data` as given or a sample of the type; a disabled stream is sent nothing. Answers before it is sent (`status: pending`); a failed send is listed with the stream's deliveries.",
    scopes: ['update:event_streams'],
    params: EventStreamPath,
    body: TestEventBody,
    responses: { 202: ok('The queued test event.', TestEventResponse) },
    errors: [404],
  },
  async ({ params: { id }, body, env }) => {
    // Written to the outbox: the dispatch that follows this request sends it (src/index.ts).
    const row = (await insertTestEvent(env.DB, id, body.event_type, testEventData(body.event_type, body.data))) ?? fail(streamNotFound())
    const event = deliveryEvent(cloudEventJson(row, id, tenantOf(env)))
    return { id: row.id, event_stream_id: id, status: 'pending', event_type: body.event_type, attempts: [], event }
  },
)

export const eventDeliveries = [list, get, redeliver, redeliverOne, test]
