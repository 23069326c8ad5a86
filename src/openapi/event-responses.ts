import { z } from 'zod'
import { AUTH_METHODS, EVENT_TYPES, STREAM_STATUSES } from '../schemas/event-stream'

/**
 * The wire shapes of event streams, deliveries and the events feed (behaviour-2026.md §8), for the
 * OpenAPI document; the types the routes build are inferred from them. Unset fields are absent.
 */
const id = (format: string, description: string) => z.string().meta({ format }).describe(description)
const time = (description: string) => z.string().meta({ format: 'date-time' }).describe(description)

export const EventStreamResponse = z.strictObject({
  id: id('event-stream-id', '`est_` and 22 characters that sort by creation time.'),
  name: z.string().optional(),
  subscriptions: z.array(z.strictObject({ event_type: z.enum(EVENT_TYPES) })).describe('Absent when the stream subscribes to nothing.').optional(),
  destination: z.strictObject({
    type: z.literal('webhook'),
    configuration: z.strictObject({
      webhook_endpoint: z.string(),
      webhook_authorization: z
        .strictObject({ method: z.enum(AUTH_METHODS), username: z.string().optional(), header_key: z.string().optional() })
        .describe('The method and its public part: the password, token or header value is never answered.'),
    }),
  }),
  status: z.enum(STREAM_STATUSES),
  created_at: time('When the stream was created.'),
  updated_at: time('When the stream was last changed.'),
})
export type EventStream = z.infer<typeof EventStreamResponse>

export const EventStreamList = z.strictObject({
  eventStreams: z.array(EventStreamResponse),
  next: z.string().describe('Cursor of the next page; absent on the last.').optional(),
})

const DeliveryEvent = z
  .strictObject({
    id: id('event-id', 'The event id.'),
    source: z.string(),
    specversion: z.string(),
    type: z.string(),
    time: time('When the change happened.'),
    data: z.string().describe('The CloudEvent `data`, as JSON text.'),
  })
  .describe('The event sent, as Auth0 lists it with a delivery.')

const Attempt = z.strictObject({
  status: z.literal('failed'),
  timestamp: time('When the attempt was made.'),
  error_message: z.string().optional(),
})

export const DeliveryResponse = z.strictObject({
  id: id('event-id', 'The event id: a delivery is identified by its event.'),
  event_stream_id: id('event-stream-id', 'The stream.'),
  status: z.literal('failed').describe('Every attempt so far failed (a delivery that succeeds leaves the list).'),
  event_type: z.enum(EVENT_TYPES),
  attempts: z.array(Attempt),
  event: DeliveryEvent,
})
export type Delivery = z.infer<typeof DeliveryResponse>

export const DeliveryList = z.strictObject({
  deliveries: z.array(DeliveryResponse),
  next: z.string().describe('Cursor of the next page; absent on the last.').optional(),
})

export const TestEventResponse = DeliveryResponse.extend({
  status: z.literal('pending').describe('The test event is queued: it is sent within moments, its outcome listed with the deliveries if it fails.'),
})

export const RedeliveryResponse = z.strictObject({
  date_from: z.string().optional(),
  date_to: z.string().optional(),
  statuses: z.array(z.literal('failed')).optional(),
  event_types: z.array(z.enum(EVENT_TYPES)).optional(),
})

const CloudEvent = z.strictObject({
  specversion: z.literal('1.0'),
  type: z.enum(EVENT_TYPES),
  source: z.string().describe('`urn:auth0:<tenant domain>`'),
  id: id('event-id', '`evt_` and 22 characters; the same event always has the same id.'),
  time: time('When the change was committed.'),
  data: z.strictObject({ object: z.record(z.string(), z.unknown()) }),
  a0tenant: z.string(),
  a0stream: id('event-stream-id', 'The stream; the feed has an id of its own.'),
})

/** One `data:` line of GET /events: an event, or (last) the offset reached, to resume from. */
export const FeedMessage = z.union([
  z.strictObject({ type: z.enum(EVENT_TYPES), offset: z.string().describe('Opaque: send it as `from` to resume after this event.'), event: CloudEvent }),
  z.strictObject({ type: z.literal('offset-only'), offset: z.string().describe('Where the feed stopped: resume with `from` set to it.') }),
])
