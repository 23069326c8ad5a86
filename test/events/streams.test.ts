import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { api, auth0Error, mintToken, unique } from '../helpers/api'

const webhook = (endpoint: string, authorization: Record<string, unknown> = { method: 'bearer', token: 'secret-token' }) => ({
  type: 'webhook',
  configuration: { webhook_endpoint: endpoint, webhook_authorization: authorization },
})

const invalidBody = (message: string) => auth0Error(400, `Payload validation error: '${message}`, 'invalid_body')
const NOT_FOUND = auth0Error(404, 'The event stream does not exist.', 'inexistent_event_stream')
const ENDPOINT = 'destination.configuration.webhook_endpoint'

async function createStream(body: Record<string, unknown> = {}) {
  const res = await api.post('/api/v2/event-streams', { destination: webhook('https://hooks.example/streams'), ...body })
  if (res.status !== 201) throw new Error(`stream create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

describe('POST /event-streams', () => {
  it('creates a webhook stream, enabled, answering its authorization without the secret, which is stored', async () => {
    const res = await api.post('/api/v2/event-streams', {
      name: 'orders',
      subscriptions: [{ event_type: 'organization.created' }, { event_type: 'user.created' }, { event_type: 'organization.created' }],
      destination: webhook('https://hooks.example/orders', { method: 'basic', username: 'jane', password: 'pw' }),
    })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^est_[A-Za-z0-9]{22}$/),
      name: 'orders',
      subscriptions: [{ event_type: 'organization.created' }, { event_type: 'user.created' }],
      destination: webhook('https://hooks.example/orders', { method: 'basic', username: 'jane' }),
      status: 'enabled',
      created_at: expect.any(String),
      updated_at: res.body.created_at,
    })
    const row = await env.DB.prepare('SELECT secret FROM event_streams WHERE id = ?').bind(res.body.id).first()
    expect(row).toEqual({ secret: 'pw' })
    expect((await api.get(`/api/v2/event-streams/${res.body.id}`)).body).toEqual(res.body)
  })

  it('refuses malformed configurations with Auth0\'s 400, writing nothing', async () => {
    const cases: [unknown, unknown][] = [
      [{}, invalidBody("Missing required property: destination'")],
      [{ destination: { ...webhook('https://hooks.example/x'), type: 'eventbridge' } }, invalidBody("No enum match for: eventbridge' on property destination.type (Only webhook destinations are served here.).")],
      [
        { destination: webhook('https://hooks.example/x'), subscriptions: [{ event_type: 'organization.renamed' }] },
        invalidBody("No enum match for: organization.renamed' on property subscriptions[0].event_type (An event type.)."),
      ],
      [{ destination: webhook('https://hooks.example/x'), subscriptions: [] }, invalidBody("Array is too short (0), minimum 1' on property subscriptions (The event types this stream receives.).")],
      [
        { destination: webhook('https://hooks.example/x', { method: 'bearer' }) },
        invalidBody("Missing required property: token' on property destination.configuration.webhook_authorization (How deliveries authenticate: basic, bearer or a custom header.)."),
      ],
      [
        { destination: webhook('https://hooks.example/x', { method: 'bearer', token: 't', username: 'u' }) },
        invalidBody("Additional properties not allowed: username' on property destination.configuration.webhook_authorization (How deliveries authenticate: basic, bearer or a custom header.)."),
      ],
      [
        { destination: webhook('https://hooks.example/x', { method: 'custom_header', header_key: 'Content-Type', header_value: 'x' }) },
        invalidBody("Header Content-Type cannot be set by an authorization' on property destination.configuration.webhook_authorization.header_key (Header name (custom_header).)."),
      ],
      [{ destination: webhook('http://hooks.example/x') }, invalidBody(`String does not match pattern ^https://.*: http://hooks.example/x' on property ${ENDPOINT}.`)],
      [{ destination: webhook('http://127.0.0.1:8794/') }, invalidBody(`String does not match pattern ^https://.*: http://127.0.0.1:8794/' on property ${ENDPOINT}.`)],
      [{ destination: webhook('https://127.0.0.1/') }, invalidBody(`The webhook endpoint must be a public host: https://127.0.0.1/' on property ${ENDPOINT}.`)],
      [{ destination: webhook('https://169.254.169.254/latest') }, invalidBody(`The webhook endpoint must be a public host: https://169.254.169.254/latest' on property ${ENDPOINT}.`)],
      [{ destination: webhook('https://[fd00::1]/') }, invalidBody(`The webhook endpoint must be a public host: https://[fd00::1]/' on property ${ENDPOINT}.`)],
      [{ destination: webhook('https://intranet/') }, invalidBody(`The webhook endpoint must be a public host: https://intranet/' on property ${ENDPOINT}.`)],
      [{ destination: webhook('https://u:p@hooks.example/') }, invalidBody(`The webhook endpoint must not carry credentials (use webhook_authorization): https://u:p@hooks.example/' on property ${ENDPOINT}.`)],
    ]
    const before = await env.DB.prepare('SELECT count(*) AS n FROM event_streams').first()
    for (const [body, error] of cases) expect(await api.post('/api/v2/event-streams', body)).toMatchObject({ status: 400, body: error })
    expect(await env.DB.prepare('SELECT count(*) AS n FROM event_streams').first()).toEqual(before)
  })

  it('accepts http://127.0.0.1 and http://localhost only where WEBHOOK_LOCAL_HTTP is on (npm run dev)', async () => {
    const post = async (endpoint: string) => {
      const ctx = createExecutionContext()
      const req = new Request('https://edge-orgs.test/api/v2/event-streams', {
        method: 'POST',
        headers: { authorization: `Bearer ${await mintToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ destination: webhook(endpoint) }),
      })
      const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], { ...env, WEBHOOK_LOCAL_HTTP: 'true' }, ctx)
      await waitOnExecutionContext(ctx)
      return { status: res.status, body: (await res.json()) as any }
    }
    const local = await post('http://127.0.0.1:8794/hook')
    expect(local).toMatchObject({ status: 201, body: { destination: webhook('http://127.0.0.1:8794/hook', { method: 'bearer' }) } })
    const localhost = await post('http://localhost:8794/hook')
    expect(localhost.status).toBe(201)
    expect((await post('http://10.0.0.8/hook')).body).toEqual(invalidBody(`String does not match pattern ^https://.*: http://10.0.0.8/hook' on property ${ENDPOINT}.`))
    // Auth0 never answers an http endpoint: the other tests' lists must not see these.
    for (const s of [local, localhost]) expect((await api.delete(`/api/v2/event-streams/${s.body.id}`)).status).toBe(204)
  })

  it('needs create:event_streams', async () => {
    const res = await api.post('/api/v2/event-streams', { destination: webhook('https://hooks.example/x') }, { scopes: ['read:event_streams'] })
    expect(res.status).toBe(403)
  })
})

describe('GET /event-streams', () => {
  it('pages with checkpoints in creation order, {eventStreams, next?}', async () => {
    const made = [await createStream({ name: unique('s') }), await createStream({ name: unique('s') }), await createStream({ name: unique('s') })]
    const all = (await api.get('/api/v2/event-streams?take=100')).body
    expect(all.next).toBeUndefined()
    const ids = all.eventStreams.map((s: { id: string }) => s.id)
    expect(ids).toEqual([...ids].sort())
    expect(ids).toEqual(expect.arrayContaining(made.map((s) => s.id)))
    const seen: string[] = []
    for (let from: string | undefined, pages = 0; pages < 100; pages++) {
      const page = await api.get(`/api/v2/event-streams?take=2${from ? `&from=${from}` : ''}`)
      expect(page.status).toBe(200)
      seen.push(...page.body.eventStreams.map((s: { id: string }) => s.id))
      if (!page.body.next) break
      from = page.body.next
    }
    expect(seen).toEqual(ids)
    expect((await api.get('/api/v2/event-streams?from=bm90LWEtc3RyZWFt')).status).toBe(400)
  })
})

describe('PATCH /event-streams/{id}', () => {
  it('replaces what is sent, keeps the secret when the method stays, asks for one when it changes', async () => {
    const stream = await createStream({ subscriptions: [{ event_type: 'user.created' }] })
    const path = `/api/v2/event-streams/${stream.id}`
    const renamed = await api.patch(path, { name: 'renamed', status: 'disabled', subscriptions: [{ event_type: 'user.deleted' }] })
    expect(renamed.body).toEqual({ ...stream, name: 'renamed', status: 'disabled', subscriptions: [{ event_type: 'user.deleted' }], updated_at: expect.any(String) })
    const moved = await api.patch(path, { destination: webhook('https://hooks.example/moved', { method: 'bearer' }) })
    expect(moved.body.destination).toEqual(webhook('https://hooks.example/moved', { method: 'bearer' }))
    expect(await env.DB.prepare('SELECT secret FROM event_streams WHERE id = ?').bind(stream.id).first()).toEqual({ secret: 'secret-token' })
    const otherMethod = await api.patch(path, { destination: webhook('https://hooks.example/moved', { method: 'custom_header', header_key: 'X-Key' }) })
    expect(otherMethod).toMatchObject({
      status: 400,
      body: invalidBody("Missing required property: header_value' on property destination.configuration.webhook_authorization."),
    })
    const none = await api.patch(path, { subscriptions: [] })
    expect(none.body.subscriptions).toBeUndefined()
    expect(await api.patch('/api/v2/event-streams/est_nosuchstream000000000000', { name: 'x' })).toMatchObject({ status: 404, body: NOT_FOUND })
  })
})

describe('DELETE /event-streams/{id}', () => {
  it('deletes idempotently; the stream is then 404', async () => {
    const stream = await createStream()
    expect((await api.delete(`/api/v2/event-streams/${stream.id}`)).status).toBe(204)
    expect((await api.delete(`/api/v2/event-streams/${stream.id}`)).status).toBe(204)
    expect(await api.get(`/api/v2/event-streams/${stream.id}`)).toMatchObject({ status: 404, body: NOT_FOUND })
  })
})
