import { deleteStream, findStream, insertStream, listStreams, updateStream, type StreamPatch, type StreamRow } from '../db/event-streams'
import type { Env } from '../env'
import { ApiError, fail } from '../errors'
import { eventsConfig } from '../events/config'
import { endpointProblem, type WebhookAuth } from '../events/webhook'
import { idPage, idPageRequest } from '../http/checkpoint'
import { ok, operation } from '../http/operation'
import { EventStreamList, EventStreamResponse, type EventStream } from '../openapi/event-responses'
import {
  EventStreamCreate,
  EventStreamListQuery,
  EventStreamPath,
  EventStreamUpdate,
  SECRET_OF,
  type Authorization,
  type EventType,
} from '../schemas/event-stream'

export const streamNotFound = () => new ApiError('inexistent_event_stream', 'The event stream does not exist.')

const ENDPOINT_PROPERTY = 'destination.configuration.webhook_endpoint'

/** The deployment's rules for endpoints (events/webhook.ts), reported as a validation error of the body. */
function checkEndpoint(endpoint: string, env: Env): string {
  const problem = endpointProblem(endpoint, eventsConfig(env).allowLocalWebhooks)
  if (problem === 'must be https') {
    throw new ApiError('invalid_body', `Payload validation error: 'String does not match pattern ^https://.*: ${endpoint}' on property ${ENDPOINT_PROPERTY}.`)
  }
  if (problem) throw new ApiError('invalid_body', `Payload validation error: 'The webhook endpoint ${problem}: ${endpoint}' on property ${ENDPOINT_PROPERTY}.`)
  return endpoint
}

/** The method and its public part, as stored and answered. */
const publicAuth = ({ method, username, header_key }: Authorization): WebhookAuth => ({
  method,
  ...(username !== undefined && { username }),
  ...(header_key !== undefined && { header_key }),
})

const uniqueTypes = (subscriptions: { event_type: EventType }[] | undefined) => [...new Set((subscriptions ?? []).map((s) => s.event_type))]

/** Auth0's key order; no secret, ever. */
export function toEventStream(row: StreamRow): EventStream {
  const types = JSON.parse(row.subscriptions) as EventType[]
  return {
    id: row.id,
    ...(row.name !== null && { name: row.name }),
    ...(types.length > 0 && { subscriptions: types.map((event_type) => ({ event_type })) }),
    destination: { type: 'webhook', configuration: { webhook_endpoint: row.endpoint, webhook_authorization: JSON.parse(row.auth) as WebhookAuth } },
    status: row.status,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

const BASE = '/event-streams'

const create = operation(
  {
    method: 'POST',
    path: BASE,
    operationId: 'post_event-streams',
    summary: 'Create an event stream',
    tag: 'event-streams',
    description:
      'Webhook destinations only. The endpoint must be https on a public host (under `npm run dev` also http(s)://127.0.0.1 or localhost); the authorization\'s password, token or header value is required, stored, and never answered. Enabled unless `status` says otherwise; sent the events committed after its creation.',
    scopes: ['create:event_streams'],
    body: EventStreamCreate,
    responses: { 201: ok('The event stream.', EventStreamResponse) },
  },
  async ({ body, env }) => {
    const { webhook_endpoint, webhook_authorization: auth } = body.destination.configuration
    const row = await insertStream(env.DB, {
      ...(body.name !== undefined && { name: body.name }),
      status: body.status ?? 'enabled',
      subscriptions: uniqueTypes(body.subscriptions),
      endpoint: checkEndpoint(webhook_endpoint, env),
      auth: publicAuth(auth),
      secret: auth[SECRET_OF[auth.method]]!,
    })
    return toEventStream(row)
  },
)

const list = operation(
  {
    method: 'GET',
    path: BASE,
    operationId: 'get_event-streams',
    summary: 'List event streams, oldest first',
    tag: 'event-streams',
    description: 'Checkpoint paging: `next` is absent on the last page.',
    scopes: ['read:event_streams'],
    query: EventStreamListQuery,
    responses: { 200: ok('Event streams.', EventStreamList) },
  },
  async ({ query: q, env }) => {
    const { take, from } = idPageRequest(q, /^est_[A-Za-z0-9]{22}$/)
    // As discovery domains: the cursor names the next page's first stream.
    const page = idPage(await listStreams(env.DB, from, take + 1), take, (s) => s.id)
    return { eventStreams: page.rows.map(toEventStream), ...(page.next && { next: page.next }) }
  },
)

const get = operation(
  {
    method: 'GET',
    path: `${BASE}/{id}`,
    operationId: 'get_event-streams_by_id',
    summary: 'Get an event stream',
    tag: 'event-streams',
    scopes: ['read:event_streams'],
    params: EventStreamPath,
    responses: { 200: ok('The event stream.', EventStreamResponse) },
    errors: [404],
  },
  async ({ params: { id }, env }) => toEventStream((await findStream(env.DB, id)) ?? fail(streamNotFound())),
)

const update = operation(
  {
    method: 'PATCH',
    path: `${BASE}/{id}`,
    operationId: 'patch_event-streams_by_id',
    summary: 'Update an event stream',
    tag: 'event-streams',
    description:
      'Keys not sent stay; `subscriptions` replaces the list. A destination whose authorization keeps its method may leave the secret out to keep the stored one. A stream enabled again is sent the events committed from then on.',
    scopes: ['update:event_streams'],
    params: EventStreamPath,
    body: EventStreamUpdate,
    responses: { 200: ok('The updated event stream.', EventStreamResponse) },
    errors: [404],
  },
  async ({ params: { id }, body, env }) => {
    const patch: StreamPatch = {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.status !== undefined && { status: body.status }),
      ...(body.subscriptions !== undefined && { subscriptions: uniqueTypes(body.subscriptions) }),
    }
    if (body.destination) {
      const { webhook_endpoint, webhook_authorization: auth } = body.destination.configuration
      const secret = auth[SECRET_OF[auth.method]] ?? (await keptSecret(env, id, auth))
      Object.assign(patch, { endpoint: checkEndpoint(webhook_endpoint, env), auth: publicAuth(auth), secret })
    }
    return toEventStream((await updateStream(env.DB, id, patch)) ?? fail(streamNotFound()))
  },
)

/** A PATCH without the secret keeps the stored one, if the method is the same (a secret of another method means nothing). */
async function keptSecret(env: Env, id: string, auth: Authorization): Promise<string> {
  const stored = (await findStream(env.DB, id)) ?? fail(streamNotFound())
  if ((JSON.parse(stored.auth) as WebhookAuth).method === auth.method) return stored.secret
  const missing = SECRET_OF[auth.method]
  throw new ApiError('invalid_body', `Payload validation error: 'Missing required property: ${missing}' on property destination.configuration.webhook_authorization.`)
}

const remove = operation(
  {
    method: 'DELETE',
    path: `${BASE}/{id}`,
    operationId: 'delete_event-streams_by_id',
    summary: 'Delete an event stream',
    tag: 'event-streams',
    description: 'Idempotent. Deliveries already queued for it are dropped, and its failed deliveries go with it.',
    scopes: ['delete:event_streams'],
    params: EventStreamPath,
    responses: { 204: ok('Deleted.') },
  },
  async ({ params: { id }, env }) => {
    await deleteStream(env.DB, id)
  },
)

export const eventStreams = [create, list, get, update, remove]
