import { env } from 'cloudflare:workers'
import { validators, type Validator } from 'virtual:auth0-contract'
import { expect, vi } from 'vitest'
import { describeErrors } from './contract'

/**
 * Events in the tests: the outbox read straight from D1, every event held to Auth0's schema for its
 * type (EventStreamCloudEvent<Name> in Auth0's 2026 document, as the contract checker compiles it),
 * and webhook receivers played by a stand-in for the Worker's global fetch: the real queue consumer
 * runs in the test's isolate, so the deliveries it makes in the background reach them.
 */

let messageValidator: Promise<Validator> | undefined

/** Holds one feed message `{type, offset, event}` to Auth0's schema of that event type; a CloudEvent alone is wrapped as one. */
export async function expectAuth0Event(message: { type: string; offset?: string; event?: unknown } | Record<string, unknown>): Promise<void> {
  const validate = await (messageValidator ??= validators.eventMessage!().then((m) => m.validate))
  const wrapped = 'offset' in message ? message : { type: message.type, offset: '0', event: message }
  if (!validate(wrapped)) throw new Error(`Not Auth0's ${String(message.type)} event: ${describeErrors(validate.errors ?? [])}\n${JSON.stringify(message)}`)
}

export interface StoredEvent {
  seq: number
  id: string
  type: string
  time: string
  object: any
}

/** The outbox's last seq: take it before an action, then read what the action wrote with `eventsAfter`. */
export async function lastSeq(): Promise<number> {
  return (await env.DB.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events').first<{ seq: number }>())!.seq
}

/** The change events written after `seq`, in commit order (test events left out). */
export async function eventsAfter(seq: number, type?: string): Promise<StoredEvent[]> {
  const { results } = await env.DB.prepare(
    'SELECT seq, id, type, time, data FROM events WHERE seq > ? AND stream_id IS NULL AND (? IS NULL OR type = ?) ORDER BY seq',
  )
    .bind(seq, type ?? null, type ?? null)
    .all<{ seq: number; id: string; type: string; time: string; data: string }>()
  return results.map((r) => ({ seq: r.seq, id: r.id, type: r.type, time: r.time, object: JSON.parse(r.data).object }))
}

export interface Received {
  url: string
  headers: Record<string, string>
  event: any
}

type Behaviour = (count: number, init: RequestInit) => Promise<Response> | Response

/**
 * Webhook receivers at https://hooks.example/<name>/...: what each answers is the behaviour its name
 * starts with (`ok`, `fail500`, `flaky3` (fails 3 times, then ok), `hang` (never answers), `garbage`
 * (200 with a body that is not JSON), `redirect`). Every request is recorded, whatever the answer.
 */
const BEHAVIOURS: Record<string, Behaviour> = {
  ok: () => new Response(null, { status: 204 }),
  fail500: () => new Response('boom', { status: 500 }),
  flaky3: (n) => new Response(null, { status: n <= 3 ? 503 : 200 }),
  garbage: () => new Response('\u0000<<not json>>', { status: 200, headers: { 'content-type': 'text/plain' } }),
  redirect: () => new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } }),
  hang: (_n, init) =>
    new Promise<Response>((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal!.reason))
    }),
}

export const received = new Map<string, Received[]>()

export function installReceivers(): void {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input))
    if (url.hostname !== 'hooks.example') throw new TypeError(`no network in tests: ${url}`)
    const name = url.pathname.split('/')[1]!
    const calls = received.get(name) ?? []
    received.set(name, calls)
    calls.push({ url: url.href, headers: Object.fromEntries(new Headers(init.headers).entries()), event: JSON.parse(String(init.body)) })
    const behaviour = BEHAVIOURS[Object.keys(BEHAVIOURS).find((b) => name.startsWith(b)) ?? 'ok']!
    return behaviour(calls.length, init)
  })
}

/** A receiver name no other test uses: `<behaviour>-<unique>`. */
let counter = 0
export const receiverName = (behaviour: keyof typeof BEHAVIOURS) => `${behaviour}-${Date.now().toString(36)}-${counter++}`

/** Waits until `check` passes (the queue delivers in the background), or fails with its last error. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (err) {
      if (Date.now() > until) throw err
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

/** A webhook stream body: bearer `token-<name>`, subscribed to `types` (every change type by default). */
export function webhookStream(name: string, types: string[], extra: Record<string, unknown> = {}) {
  return {
    name,
    subscriptions: types.map((event_type) => ({ event_type })),
    destination: {
      type: 'webhook',
      configuration: { webhook_endpoint: `https://hooks.example/${name}/events`, webhook_authorization: { method: 'bearer', token: `token-${name}` } },
    },
    ...extra,
  }
}

export const CHANGE_TYPES = [
  'organization.created', 'organization.updated', 'organization.deleted', 'organization.member.added', 'organization.member.deleted',
  'organization.member.role.assigned', 'organization.member.role.deleted', 'organization.connection.added',
  'organization.connection.updated', 'organization.connection.removed', 'user.created', 'user.updated', 'user.deleted',
]

export const expectTypes = (events: { type: string }[], types: string[]) => expect(events.map((e) => e.type)).toEqual(types)
