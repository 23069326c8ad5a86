import { startReceiver } from '../lib/webhook-receiver.mjs'
import { collect, expect, expectError, expectStatus, raw, rejection } from './helpers.mjs'

/**
 * Event streams, deliveries and the events feed through the SDK's eventStreams.* and events.*,
 * with webhook receivers on this machine (ports 8794 and 8795, or EVENT_RECEIVER_PORT and the next).
 * Needs a server started by `npm run dev` (local webhooks allowed, 3 attempts a second apart).
 */
const PORT = Number(process.env.EVENT_RECEIVER_PORT ?? 8794)
const TYPES = ['organization.created', 'organization.member.added', 'organization.member.deleted']

async function waitFor(what, test, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await test()
    if (value) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const webhook = (url, token) => ({ type: 'webhook', configuration: { webhook_endpoint: url, webhook_authorization: { method: 'bearer', token } } })

export function register({ check, management, unique }) {
  check('event streams: create, get, list, update (the token is never answered)', async (ctx) => {
    const token = `smoke-token-${unique}`
    const receiver = await startReceiver({ port: PORT, token })
    ctx.cleanup(() => receiver.close())
    const { data: stream, status } = await raw(
      management.eventStreams.create({ name: `sdk-smoke-${unique}`, subscriptions: TYPES.map((event_type) => ({ event_type })), destination: webhook(`${receiver.url}/hook`, token) }),
    )
    ctx.cleanup(() => management.eventStreams.delete(stream.id).catch(() => {}))
    expectStatus(status, 201)
    expect(/^est_[A-Za-z0-9]{22}$/.test(stream.id) && stream.status === 'enabled', `stream ${JSON.stringify(stream)}`)
    expect(JSON.stringify(stream.destination.configuration.webhook_authorization) === '{"method":"bearer"}', `authorization ${JSON.stringify(stream.destination)}`)
    const got = await management.eventStreams.get(stream.id)
    expect(got.id === stream.id && !JSON.stringify(got).includes(token), `get ${JSON.stringify(got)}`)
    const listed = await collect(management.eventStreams.list({ take: 1 }))
    expect(listed.some((s) => s.id === stream.id), `list (take 1, following next) has ${listed.length} streams, not ours`)
    const renamed = await management.eventStreams.update(stream.id, { name: `sdk-smoke-renamed-${unique}` })
    expect(renamed.name === `sdk-smoke-renamed-${unique}`, `update ${JSON.stringify(renamed)}`)
    const http = await rejection(() => management.eventStreams.create({ destination: webhook('http://example.com/hook', 't') }))
    expectError(http, 400, 'invalid_body')
    Object.assign(ctx, { esReceiver: receiver, esStream: stream, esToken: token, esSince: new Date(Date.now() - 1000).toISOString() })
    return `${status} ${stream.id}; list followed next; http://example.com → 400`
  })

  check('event streams: the receiver gets organization.created, member.added and member.deleted, with the bearer token', async (ctx) => {
    const [receiver, token] = [ctx.need('esReceiver'), ctx.need('esToken')]
    const started = Date.now()
    const org = await management.organizations.create({ name: `sdk-smoke-events-${unique}` })
    ctx.cleanup(() => management.organizations.delete(org.id).catch(() => {}))
    const conn = await management.connections.create({ name: `sdk-smoke-events-${unique}`, strategy: 'auth0' })
    ctx.cleanup(() => management.connections.delete(conn.id).catch(() => {}))
    const user = await management.users.create({ connection: conn.name, email: `sdk-smoke-events-${unique}@example.com`, password: 'Smoke-test-pass-1!' })
    ctx.cleanup(() => management.users.delete(user.user_id).catch(() => {}))
    await management.organizations.members.create(org.id, { members: [user.user_id] })
    await management.organizations.members.delete(org.id, { members: [user.user_id] })
    const mine = () => receiver.accepted().filter((r) => JSON.stringify(r.event.data).includes(org.id))
    const events = await waitFor('the three events', () => (mine().length >= 3 ? mine() : null))
    const types = events.map((r) => r.event.type)
    expect(TYPES.every((t) => types.includes(t)), `received ${types.join(', ')}`)
    expect(events.every((r) => r.headers.authorization === `Bearer ${token}`), 'an event came without the bearer token')
    const added = events.find((r) => r.event.type === 'organization.member.added').event
    expect(added.data.object.user.user_id === user.user_id && added.data.object.organization.name === org.name, `member.added ${JSON.stringify(added)}`)
    ctx.esEvents = TYPES.map((t) => events.find((r) => r.event.type === t).event)
    return `${types.join(', ')} within ${Math.max(...events.map((r) => r.at)) - started} ms`
  })

  check('event streams: a receiver that fails three times gets the event after a redelivery', async (ctx) => {
    const receiver = await startReceiver({ port: PORT + 1, failFirst: 3 })
    ctx.cleanup(() => receiver.close())
    const stream = await management.eventStreams.create({ subscriptions: [{ event_type: 'organization.created' }], destination: webhook(`${receiver.url}/hook`, 'flaky') })
    ctx.cleanup(() => management.eventStreams.delete(stream.id).catch(() => {}))
    const org = await management.organizations.create({ name: `sdk-smoke-flaky-${unique}` })
    ctx.cleanup(() => management.organizations.delete(org.id).catch(() => {}))
    const failed = await waitFor('a failed delivery with 3 attempts', async () => {
      const deliveries = await collect(management.eventStreams.deliveries.list(stream.id))
      const d = deliveries.find((x) => JSON.parse(x.event.data).object.id === org.id)
      return d?.attempts.length === 3 ? d : null
    })
    expect(receiver.received.length === 3 && receiver.accepted().length === 0, `receiver saw ${receiver.received.length} requests`)
    const history = await management.eventStreams.deliveries.getHistory(stream.id, failed.id)
    expect(history.attempts.length === 3 && history.status === 'failed', `history ${JSON.stringify(history)}`)
    const { status } = await raw(management.eventStreams.redeliveries.createById(stream.id, failed.id))
    expectStatus(status, 202)
    await waitFor('the redelivered event', () => receiver.accepted().some((r) => r.event.id === failed.id))
    const left = await waitFor('the failure list to empty', async () => ((await collect(management.eventStreams.deliveries.list(stream.id))).length === 0 ? 'empty' : null))
    return `3 × 503 recorded as failed (${failed.attempts.map((a) => a.error_message).at(-1)}); redelivery ${status} → delivered; list ${left}`
  })

  check('event streams: a test event', async (ctx) => {
    const [receiver, stream] = [ctx.need('esReceiver'), ctx.need('esStream')]
    const { data, status } = await raw(management.eventStreams.test(stream.id, { event_type: 'user.created' }))
    expectStatus(status, 202)
    const got = await waitFor('the test event', () => receiver.accepted().find((r) => r.event.id === data.id))
    expect(got.event.a0purpose === 'test' && got.event.type === 'user.created', `test event ${JSON.stringify(got.event)}`)
    return `${status}, delivered with a0purpose test`
  })

  check('events feed: events.subscribe returns the same events and resumes from an offset', async (ctx) => {
    const events = ctx.need('esEvents')
    const read = async (request) => {
      const messages = []
      for await (const message of await management.events.subscribe(request)) messages.push(message)
      return messages
    }
    const all = await read({ from_timestamp: ctx.need('esSince').slice(0, 19) + 'Z', event_type: TYPES })
    const ids = events.map((e) => e.id)
    const mine = all.filter((m) => ids.includes(m.event?.id))
    expect(mine.map((m) => m.event.id).join() === ids.join(), `feed order ${mine.map((m) => m.type).join(', ')}`)
    expect(mine.every((m, i) => JSON.stringify(m.event.data) === JSON.stringify(events[i].data)), 'feed data differs from the webhook')
    expect(all.at(-1)?.type === 'offset-only', `last message ${JSON.stringify(all.at(-1))}`)
    const resumed = await read({ from: mine[0].offset, event_type: TYPES })
    const after = resumed.filter((m) => m.event).map((m) => m.event.id)
    expect(after[0] === ids[1] && after[1] === ids[2], `resumed with ${after.slice(0, 2).join(', ')}`)
    const gone = await rejection(() => read({ from: 'bm90LW91cnM' }))
    expectError(gone, 400)
    return `${all.length} messages, ours in commit order; from=<first offset> → the next two; a foreign offset → 400`
  })
}
