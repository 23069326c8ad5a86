import { beforeAll, describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import {
  CHANGE_TYPES,
  eventsAfter,
  eventually,
  expectAuth0Event,
  installReceivers,
  lastSeq,
  received,
  receiverName,
  webhookStream,
} from '../helpers/events'
import { createOrganization, createUser } from '../helpers/factories'

/**
 * End to end through the Worker: a write commits its events, enqueues a dispatch, and the real queue
 * consumer (running in the background of this test file) fans them out and POSTs them to the
 * receivers of test/helpers/events.ts. EVENT_RETRY_SECONDS is 0 and WEBHOOK_TIMEOUT_MS 300 here.
 */
beforeAll(installReceivers)

async function stream(name: string, types: string[], extra: Record<string, unknown> = {}) {
  const res = await api.post('/api/v2/event-streams', webhookStream(name, types, extra))
  if (res.status !== 201) throw new Error(`stream create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { id: string }
}

const ids = (name: string) => [...new Set((received.get(name) ?? []).map((r) => r.event.id))].sort()
const deliveries = (streamId: string, query = '') => api.get(`/api/v2/event-streams/${streamId}/deliveries${query}`)

describe('fan-out', () => {
  it('sends each enabled stream the events of its types, with its authorization; a disabled or deleted stream gets nothing', async () => {
    const [a, b, c, off, gone] = [receiverName('ok'), receiverName('ok'), receiverName('ok'), receiverName('ok'), receiverName('ok')]
    const streamA = await stream(a, ['organization.created', 'organization.member.added'])
    const streamB = await stream(b, ['user.created'], {
      destination: { type: 'webhook', configuration: { webhook_endpoint: `https://hooks.example/${b}/x`, webhook_authorization: { method: 'basic', username: 'jane', password: 'pa:ss' } } },
    })
    const streamC = await stream(c, CHANGE_TYPES, {
      destination: { type: 'webhook', configuration: { webhook_endpoint: `https://hooks.example/${c}/x`, webhook_authorization: { method: 'custom_header', header_key: 'X-Hook-Key', header_value: 'k3y' } } },
    })
    await stream(off, CHANGE_TYPES, { status: 'disabled' })
    const deleted = await stream(gone, CHANGE_TYPES)
    expect((await api.delete(`/api/v2/event-streams/${deleted.id}`)).status).toBe(204)

    const before = await lastSeq()
    const org = await createOrganization()
    const user = await createUser()
    expect((await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] })).status).toBe(204)
    const events = await eventsAfter(before)
    const of = (...types: string[]) => events.filter((e) => types.includes(e.type)).map((e) => e.id).sort()

    await eventually(() => expect(ids(c)).toEqual(of(...CHANGE_TYPES)))
    await eventually(() => expect(ids(a)).toEqual(of('organization.created', 'organization.member.added')))
    await eventually(() => expect(ids(b)).toEqual(of('user.created')))
    expect(received.get(a)!.every((r) => r.headers.authorization === `Bearer token-${a}`)).toBe(true)
    expect(received.get(b)!.every((r) => r.headers.authorization === `Basic ${btoa('jane:pa:ss')}`)).toBe(true)
    expect(received.get(c)!.every((r) => r.headers['x-hook-key'] === 'k3y' && r.headers['content-type'] === 'application/json')).toBe(true)
    for (const r of received.get(c)!) {
      await expectAuth0Event(r.event)
      expect(r.event).toMatchObject({ specversion: '1.0', source: 'urn:auth0:127.0.0.1:8787', a0tenant: '127-0-0-1', a0stream: streamC.id })
      expect(r.event.data).toEqual({ object: events.find((e) => e.id === r.event.id)!.object })
    }
    expect(received.get(a)!.map((r) => r.event.a0stream)).toEqual(received.get(a)!.map(() => streamA.id))
    expect(received.get(b)![0]!.event.a0stream).toBe(streamB.id)
    expect(received.get(off)).toBeUndefined()
    expect(received.get(gone)).toBeUndefined()
  })
})

describe('retries, failed deliveries and redelivery', () => {
  it('retries a failing endpoint, records the delivery failed with every attempt, and redelivers it once the endpoint recovers', async () => {
    const name = receiverName('flaky3')
    const s = await stream(name, ['organization.created'])
    const org = await createOrganization()
    const [event] = await eventsAfter((await lastSeq()) - 1, 'organization.created')
    expect(event!.object.id).toBe(org.id)

    const failed = await eventually(async () => {
      const res = await deliveries(s.id)
      expect(res.body.deliveries).toHaveLength(1)
      expect(res.body.deliveries[0].attempts).toHaveLength(3)
      return res.body
    })
    expect(failed).toEqual({
      deliveries: [
        {
          id: event!.id,
          event_stream_id: s.id,
          status: 'failed',
          event_type: 'organization.created',
          attempts: Array(3).fill({ status: 'failed', timestamp: expect.any(String), error_message: 'The endpoint answered HTTP 503' }),
          event: { id: event!.id, source: 'urn:auth0:127.0.0.1:8787', specversion: '1.0', type: 'organization.created', time: event!.time, data: JSON.stringify({ object: event!.object }) },
        },
      ],
    })
    expect((await api.get(`/api/v2/event-streams/${s.id}/deliveries/${event!.id}`)).body).toEqual(failed.deliveries[0])
    expect(received.get(name)).toHaveLength(3)

    const redeliver = await api.post(`/api/v2/event-streams/${s.id}/redeliver`, { event_types: ['organization.created'], statuses: ['failed'] })
    expect(redeliver).toMatchObject({ status: 202, body: { event_types: ['organization.created'], statuses: ['failed'] } })
    await eventually(() => expect(received.get(name)).toHaveLength(4))
    await eventually(async () => expect((await deliveries(s.id)).body).toEqual({ deliveries: [] }))
    expect(await api.get(`/api/v2/event-streams/${s.id}/deliveries/${event!.id}`)).toMatchObject({ status: 404, body: auth0Error(404, 'The event does not exist.', 'inexistent_event') })
  })

  it('redelivers one event by id; 404 for an event that is not the stream\'s, 409 for a disabled stream', async () => {
    const name = receiverName('fail500')
    const s = await stream(name, ['organization.updated'])
    const org = await createOrganization()
    expect((await api.patch(`/api/v2/organizations/${org.id}`, { display_name: 'X' })).status).toBe(200)
    const [event] = await eventsAfter((await lastSeq()) - 1, 'organization.updated')
    await eventually(async () => expect((await deliveries(s.id)).body.deliveries[0]?.attempts).toHaveLength(3))
    expect((await api.post(`/api/v2/event-streams/${s.id}/redeliver/${event!.id}`)).status).toBe(202)
    await eventually(async () => expect((await deliveries(s.id)).body.deliveries[0]?.attempts).toHaveLength(6))
    const created = (await eventsAfter(0, 'organization.created')).at(-1)!
    const notFound = auth0Error(404, 'The event does not exist.', 'inexistent_event')
    expect(await api.post(`/api/v2/event-streams/${s.id}/redeliver/${created.id}`)).toMatchObject({ status: 404, body: notFound })
    expect(await api.post(`/api/v2/event-streams/${s.id}/redeliver/evt_nosuchevent0000000000`)).toMatchObject({ status: 404, body: notFound })
    expect((await api.patch(`/api/v2/event-streams/${s.id}`, { status: 'disabled' })).status).toBe(200)
    expect(await api.post(`/api/v2/event-streams/${s.id}/redeliver`, {})).toMatchObject({
      status: 409,
      body: auth0Error(409, 'The event stream is disabled: it is sent nothing, redeliveries included.'),
    })
  })

  it('filters and pages the failed deliveries; refuses bad filters', async () => {
    const name = receiverName('fail500')
    const s = await stream(name, ['organization.created', 'organization.deleted'])
    const orgs = [await createOrganization(), await createOrganization(), await createOrganization()]
    expect((await api.delete(`/api/v2/organizations/${orgs[0]!.id}`)).status).toBe(204)
    await eventually(async () => {
      const all = (await deliveries(s.id)).body.deliveries
      expect(all).toHaveLength(4)
      expect(all.every((d: { attempts: unknown[] }) => d.attempts.length === 3)).toBe(true)
    })
    const pages: string[] = []
    for (let from = ''; ; ) {
      const page = await deliveries(s.id, `?take=3${from && `&from=${from}`}`)
      pages.push(...page.body.deliveries.map((d: { event_type: string }) => d.event_type))
      if (!page.body.next) break
      from = page.body.next
    }
    expect(pages).toEqual(['organization.created', 'organization.created', 'organization.created', 'organization.deleted'])
    expect((await deliveries(s.id, '?event_types=organization.deleted')).body.deliveries).toHaveLength(1)
    expect((await deliveries(s.id, '?statuses=failed&date_from=2000-01-01T00:00:00Z&date_to=2000-01-02T00:00:00Z')).body).toEqual({ deliveries: [] })
    expect((await deliveries(s.id, '?event_types=organization.renamed')).status).toBe(400)
    expect((await deliveries(s.id, '?date_from=yesterday')).status).toBe(400)
    expect((await deliveries('est_nosuchstream000000000000')).status).toBe(404)
  })

  it('counts a 2xx with any body as delivered, and a redirect or no answer at all as failed', async () => {
    const [garbage, redirect, hang] = [receiverName('garbage'), receiverName('redirect'), receiverName('hang')]
    const [, r, h] = [await stream(garbage, ['user.created']), await stream(redirect, ['user.created']), await stream(hang, ['user.created'])]
    await createUser()
    await eventually(async () => {
      expect((await deliveries(r.id)).body.deliveries[0]?.attempts).toHaveLength(3)
      expect((await deliveries(h.id)).body.deliveries[0]?.attempts).toHaveLength(3)
    })
    expect(received.get(garbage)).toHaveLength(1)
    expect((await deliveries(r.id)).body.deliveries[0].attempts[0].error_message).toBe('The endpoint answered HTTP 302')
    expect((await deliveries(h.id)).body.deliveries[0].attempts[0].error_message).toBe('No answer within 300 ms')
  })
})

describe('POST /event-streams/{id}/test', () => {
  it('queues a test event for that stream only, marked a0purpose test, with a sample of the type', async () => {
    const [name, other] = [receiverName('ok'), receiverName('ok')]
    const s = await stream(name, ['user.created'])
    await stream(other, CHANGE_TYPES)
    const res = await api.post(`/api/v2/event-streams/${s.id}/test`, { event_type: 'organization.member.added' })
    expect(res.status).toBe(202)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^evt_/),
      event_stream_id: s.id,
      status: 'pending',
      event_type: 'organization.member.added',
      attempts: [],
      event: expect.objectContaining({ id: res.body.id, type: 'organization.member.added', specversion: '1.0' }),
    })
    const got = await eventually(() => {
      expect(received.get(name)?.map((r) => r.event.id)).toContain(res.body.id)
      return received.get(name)!.find((r) => r.event.id === res.body.id)!.event
    })
    expect(got).toMatchObject({ a0purpose: 'test', a0stream: s.id, data: JSON.parse(res.body.event.data) })
    await expectAuth0Event(got)
    expect(await api.post(`/api/v2/event-streams/${s.id}/test`, { event_type: 'user.renamed' })).toMatchObject({ status: 400 })
    expect(await api.post('/api/v2/event-streams/est_nosuchstream000000000000/test', { event_type: 'user.created' })).toMatchObject({ status: 404 })
    // Only its stream gets it.
    await createUser({ name: unique('n') })
    await eventually(() => expect(received.get(other)?.some((r) => r.event.type === 'user.created')).toBe(true))
    expect(received.get(other)!.some((r) => r.event.id === res.body.id)).toBe(false)
  })
})
