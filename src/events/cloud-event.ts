import type { Env } from '../env'

/** An event as the outbox keeps it (migrations/0009_events.sql). */
export interface EventRow {
  seq: number
  id: string
  type: string
  time: string
  /** The CloudEvent's `data`, JSON. */
  data: string
  /** Set on a test event: the one stream it is for. */
  stream_id: string | null
}

/** Who the events are from: Auth0's `a0tenant` (the tenant name) and `source` (`urn:auth0:<tenant domain>`). */
export interface Tenant {
  name: string
  source: string
}

/**
 * The feed is not a stream, but Auth0's feed messages carry an `a0stream` like every CloudEvent:
 * the events feed has this fixed id of its own.
 */
export const FEED_STREAM_ID = 'est_EventsFeed000000000000'

/**
 * The tenant is the deployment: its domain is the host of API_AUDIENCE, and its name that host's
 * first label (`edge-orgs` for edge-orgs.example.workers.dev), or the whole address for an IP
 * (`127-0-0-1`), in the shape of Auth0 tenant names: 3 to 63 of [a-z0-9-], alphanumeric at the ends.
 */
export function tenantOf(env: Pick<Env, 'API_AUDIENCE'>): Tenant {
  const url = new URL(env.API_AUDIENCE)
  const host = url.hostname
  const label = /^[\d.]+$/.test(host) || host.includes(':') ? host : host.split('.')[0]!
  const name = label.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).padEnd(3, '0')
  return { name, source: `urn:auth0:${url.host}` }
}

/**
 * The CloudEvent of an outbox row for a stream, as JSON text. Built as text so the stored `data` goes
 * out byte for byte, without parsing and printing it again (10,000 events go through here a minute).
 */
export function cloudEventJson(row: EventRow, streamId: string, tenant: Tenant): string {
  return (
    `{"specversion":"1.0","type":${JSON.stringify(row.type)},"source":${JSON.stringify(tenant.source)},` +
    `"id":${JSON.stringify(row.id)},"time":${JSON.stringify(row.time)},"data":${row.data},` +
    `"a0tenant":${JSON.stringify(tenant.name)},"a0stream":${JSON.stringify(streamId)}` +
    `${row.stream_id === null ? '' : ',"a0purpose":"test"'}}`
  )
}

/**
 * A CloudEvent in the shape Auth0's delivery records carry it (EventStreamCloudEvent): the envelope's
 * standard members only, `data` as JSON text.
 */
export function deliveryEvent(cloudEvent: string): Record<string, string> {
  const event = JSON.parse(cloudEvent) as Record<string, unknown>
  return {
    id: String(event.id),
    source: String(event.source),
    specversion: String(event.specversion),
    type: String(event.type),
    time: String(event.time),
    data: JSON.stringify(event.data),
  }
}
