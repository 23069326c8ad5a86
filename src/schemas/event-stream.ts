import { z } from 'zod'
import { queryInt } from './common'
import { matching, oneOf } from './formats'

/** Auth0's event types (EventStreamEventTypeEnum): what a stream may subscribe to and a feed filter by. */
export const EVENT_TYPES = [
  'group.created', 'group.deleted', 'group.member.added', 'group.member.deleted', 'group.role.assigned', 'group.role.deleted',
  'group.updated', 'organization.connection.added', 'organization.connection.removed', 'organization.connection.updated',
  'organization.created', 'organization.deleted', 'organization.group.role.assigned', 'organization.group.role.deleted',
  'organization.member.added', 'organization.member.deleted', 'organization.member.role.assigned',
  'organization.member.role.deleted', 'organization.updated', 'user.created', 'user.deleted', 'user.updated',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

export const STREAM_STATUSES = ['enabled', 'disabled'] as const
export type StreamStatus = (typeof STREAM_STATUSES)[number]

export const AUTH_METHODS = ['basic', 'bearer', 'custom_header'] as const
export type AuthMethod = (typeof AUTH_METHODS)[number]

/** The authorization's secret per method: stored to deliver with, never answered. */
export const SECRET_OF: Record<AuthMethod, 'password' | 'token' | 'header_value'> = {
  basic: 'password',
  bearer: 'token',
  custom_header: 'header_value',
}
const PUBLIC_OF: Record<AuthMethod, 'username' | 'header_key' | null> = { basic: 'username', bearer: null, custom_header: 'header_key' }

/** Headers a custom_header authorization may not set: the request's own framing. */
export const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'host', 'transfer-encoding', 'connection'])

const Secret = z.string().min(1).max(2048)

/**
 * Auth0 documents one object per method; Terraform and Pulumi also send the secret (`password`,
 * `token`, `header_value`), which is required on create. On PATCH it may be left out to keep the
 * stored one, as long as the method stays (checked by the route, which knows the stored method).
 */
const authorization = (secretRequired: boolean) =>
  z
    .strictObject({
      method: oneOf(AUTH_METHODS),
      username: matching(z.string().max(128), /^[^:]+$/).describe('Username (basic).').optional(),
      password: Secret.describe('Password (basic); never answered.').optional(),
      token: Secret.describe('Bearer token; never answered.').optional(),
      header_key: matching(z.string().min(1).max(256), /^[a-zA-Z0-9!#$%&'*+.^_`|~-]+$/).describe('Header name (custom_header).').optional(),
      header_value: Secret.describe('Header value (custom_header); never answered.').optional(),
    })
    .superRefine((auth, ctx) => {
      const wanted = new Set<string>(['method', SECRET_OF[auth.method], PUBLIC_OF[auth.method] ?? 'method'])
      const extra = Object.keys(auth).filter((k) => !wanted.has(k))
      if (extra.length) ctx.addIssue({ code: 'unrecognized_keys', keys: extra, path: [], input: auth })
      const required = [PUBLIC_OF[auth.method], secretRequired ? SECRET_OF[auth.method] : null]
      for (const key of required) {
        if (key && auth[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], input: undefined, message: `Missing required property: ${key}` })
      }
      if (auth.header_key && RESERVED_HEADERS.has(auth.header_key.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: ['header_key'], input: auth.header_key, message: `Header ${auth.header_key} cannot be set by an authorization` })
      }
    })
    .describe('How deliveries authenticate: basic, bearer or a custom header.')
export type Authorization = z.infer<ReturnType<typeof authorization>>

/** Checked against the deployment's rules (https, public host) by the route: see events/webhook.ts. */
const Endpoint = z.string().min(1).max(2048).describe('The https URL events are POSTed to.')

const destination = (secretRequired: boolean) =>
  z.strictObject({
    type: oneOf(['webhook']).describe('Only webhook destinations are served here.'),
    configuration: z.strictObject({ webhook_endpoint: Endpoint, webhook_authorization: authorization(secretRequired) }),
  })

const Name = z.string().min(1).max(128).describe('Name of the event stream.')
const Subscription = z.strictObject({ event_type: oneOf(EVENT_TYPES).describe('An event type.') })
const Status = oneOf(STREAM_STATUSES).describe('enabled (the default) or disabled: a disabled stream is sent nothing.')

export const EventStreamCreate = z.strictObject({
  name: Name.optional(),
  subscriptions: z.array(Subscription).min(1).describe('The event types this stream receives.').optional(),
  destination: destination(true),
  status: Status.optional(),
})
export type EventStreamCreate = z.infer<typeof EventStreamCreate>

export const EventStreamUpdate = z.strictObject({
  name: Name.optional(),
  subscriptions: z.array(Subscription).describe('Replaces the event types this stream receives.').optional(),
  destination: destination(false).optional(),
  status: Status.optional(),
})
export type EventStreamUpdate = z.infer<typeof EventStreamUpdate>

export const EventStreamPath = z.object({ id: z.string().min(1).describe('Unique identifier for the event stream.') })
export const EventStreamEventPath = EventStreamPath.extend({ event_id: z.string().min(1).describe('Unique identifier for the event.') })

const Take = queryInt('Number of results per page. Defaults to 50.', 1, 100)
const From = z.string().max(1024).describe('Optional Id from which to start selection.')

export const EventStreamListQuery = z.object({ from: From.optional(), take: Take.optional() })

/** Whole seconds in UTC, as Auth0 accepts them: `2026-07-01T12:00:00Z`. */
const Instant = (description: string) =>
  z
    .string()
    .max(20)
    .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v) && !Number.isNaN(Date.parse(v)), {
      error: (iss) => `Object didn't pass validation for format date-time: ${String(iss.input)}`,
    })
    .meta({ format: 'date-time' })
    .describe(description)

const DateFrom = Instant('An RFC-3339 date-time (whole seconds) from which, inclusive.')
const DateTo = Instant('An RFC-3339 date-time (whole seconds) up to which, exclusive.')

/** A comma-separated list whose every item is one of `values`. */
const commaList = <const T extends readonly [string, ...string[]]>(values: T, description: string) =>
  z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)))
    .describe(description)

export const DeliveryListQuery = z.object({
  statuses: commaList(['failed'], 'Comma-separated list of statuses by which to filter.').optional(),
  event_types: commaList(EVENT_TYPES, 'Comma-separated list of event types by which to filter.').optional(),
  date_from: DateFrom.optional(),
  date_to: DateTo.optional(),
  from: From.optional(),
  take: Take.optional(),
})
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>

export const RedeliverBody = z.strictObject({
  date_from: DateFrom.optional(),
  date_to: DateTo.optional(),
  statuses: z.array(oneOf(['failed'])).describe('Statuses to redeliver: failed.').optional(),
  event_types: z.array(oneOf(EVENT_TYPES)).describe('Event types to redeliver.').optional(),
})
export type RedeliverBody = z.infer<typeof RedeliverBody>

export const TestEventBody = z.strictObject({
  event_type: oneOf(EVENT_TYPES).describe('The type of the test event.'),
  data: z.record(z.string(), z.unknown()).describe("The test event's `data`; a sample of the type when left out.").optional(),
})
export type TestEventBody = z.infer<typeof TestEventBody>

/** `event_type` may be repeated (`?event_type=a&event_type=b`), as the SDK sends a list. */
export const EventsFeedQuery = z.object({
  from: z.string().max(1024).describe('Opaque offset of the last event seen: the feed resumes right after it.').optional(),
  from_timestamp: z
    .string()
    .max(20)
    .refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), {
      error: (iss) => `Object didn't pass validation for format date-time: ${String(iss.input)}`,
    })
    .describe('RFC-3339 date-time: start with the first event at or after it.')
    .optional(),
  event_type: z
    .preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(oneOf(EVENT_TYPES)))
    .describe('Event type(s) to stream; repeat the parameter for several. All types when left out.')
    .optional(),
})
export type EventsFeedQuery = z.infer<typeof EventsFeedQuery>
