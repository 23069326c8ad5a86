import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import { runPendingCleanups } from '../helpers/queue'

const path = (id: string) => `/api/v2/connections/${id}`
const connName = () => unique('conn').replace(/[^a-zA-Z0-9-]/g, '-')

describe('connections', () => {
  it('creates, reads, lists, updates and deletes a connection', async () => {
    const name = connName()
    const created = await api.post('/api/v2/connections', { name, strategy: 'samlp', display_name: 'Acme SSO', options: { signInEndpoint: 'https://idp.example.com' } })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.stringMatching(/^con_[A-Za-z0-9]{16}$/),
      name,
      display_name: 'Acme SSO',
      strategy: 'samlp',
      options: { signInEndpoint: 'https://idp.example.com' },
      enabled_clients: [],
      is_domain_connection: false,
      realms: [name],
    })
    const id = created.body.id

    expect((await api.get(path(id))).body).toEqual(created.body)
    const { enabled_clients: _, ...listed } = created.body
    expect((await api.get(`/api/v2/connections?name=${name}`)).body).toEqual([listed])
    expect((await api.get(`/api/v2/connections?name=${name}&include_totals=true`)).body).toEqual({
      connections: [listed], start: 0, limit: 50, total: 1,
    })

    const updated = await api.patch(path(id), { display_name: 'Acme', options: { other: true }, show_as_button: true })
    expect(updated.status).toBe(200)
    expect(updated.body).toEqual({ ...created.body, display_name: 'Acme', options: { other: true }, show_as_button: true })

    const deleted = await api.delete(path(id))
    expect(deleted.status).toBe(202)
    expect(deleted.body).toEqual({ deleted_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) })
    const gone = await api.get(path(id))
    expect(gone.status).toBe(404)
    expect(gone.body).toEqual(auth0Error(404, 'The connection does not exist', 'inexistent_connection'))
    // Deleting what is already gone: 204, no body (as recorded).
    const again = await api.delete(path(id))
    expect(again.status).toBe(204)
    expect(again.body).toBe('')
  })

  it('keeps the optional fields it is given and omits the rest', async () => {
    const name = connName()
    const created = await api.post('/api/v2/connections', {
      name, strategy: 'auth0', enabled_clients: ['abc'], is_domain_connection: true, realms: ['example.com'], metadata: { team: 'x' },
    })
    expect(created.body).toEqual({
      id: expect.any(String), name, strategy: 'auth0', enabled_clients: ['abc'], is_domain_connection: true, realms: ['example.com'], metadata: { team: 'x' },
    })
  })

  it('resets display_name to the name when a PATCH leaves it out, as Auth0 documents', async () => {
    const name = connName()
    const { body } = await api.post('/api/v2/connections', { name, strategy: 'auth0', display_name: 'Shown' })
    const updated = await api.patch(path(body.id), { enabled_clients: null })
    expect(updated.body).toEqual({ ...body, display_name: name, enabled_clients: [] })
  })

  it('ships the tenant default database connection', async () => {
    const res = await api.get('/api/v2/connections?name=Username-Password-Authentication')
    expect(res.body).toEqual([
      { id: expect.stringMatching(/^con_[A-Za-z0-9]{16}$/), name: 'Username-Password-Authentication', strategy: 'auth0', is_domain_connection: false, realms: ['Username-Password-Authentication'] },
    ])
    expect((await api.get(`/api/v2/connections/${res.body[0].id}`)).body.enabled_clients).toEqual([])
  })

  it('lists connections without the deprecated enabled_clients, which get still carries', async () => {
    const { body } = await api.post('/api/v2/connections', { name: connName(), strategy: 'auth0', enabled_clients: ['abc'] })
    const { enabled_clients, ...listed } = body
    expect(enabled_clients).toEqual(['abc'])
    expect((await api.get(`/api/v2/connections?name=${body.name}`)).body).toEqual([listed])
    expect((await api.get(`/api/v2/connections?name=${body.name}&take=1`)).body).toEqual({ connections: [listed] })
    expect((await api.get(`/api/v2/connections/${body.id}`)).body).toEqual(body)
  })

  it('filters by strategy and pages by offset', async () => {
    const strategy = 'okta'
    const made = []
    for (let i = 0; i < 3; i++) made.push((await api.post('/api/v2/connections', { name: connName(), strategy })).body)
    const all = await api.get(`/api/v2/connections?strategy=${strategy}&include_totals=true`)
    const listed = made.map(({ enabled_clients: _, ...item }) => item)
    expect(all.body).toEqual({ connections: listed, start: 0, limit: 50, total: 3 })
    const page = await api.get(`/api/v2/connections?strategy=${strategy}&strategy=github&page=1&per_page=2&include_totals=true`)
    expect(page.body).toEqual({ connections: [listed[2]], start: 2, limit: 2, total: 3 })
  })

  it('pages in checkpoint mode when take or from is present, as the SDK lists (include_totals=true&take=50)', async () => {
    const strategy = 'yandex'
    for (let i = 0; i < 5; i++) await api.post('/api/v2/connections', { name: connName(), strategy })
    const inOrder = (await api.get(`/api/v2/connections?strategy=${strategy}&per_page=100`)).body
    expect(inOrder).toHaveLength(5)
    expect((await api.get(`/api/v2/connections?strategy=${strategy}&include_totals=true&take=50`)).body).toEqual({ connections: inOrder })
    const pages = []
    let from: string | undefined
    do {
      const res = await api.get(`/api/v2/connections?strategy=${strategy}&include_totals=true&page=3&per_page=1&take=2${from ? `&from=${encodeURIComponent(from)}` : ''}`)
      expect(res.status).toBe(200)
      pages.push(res.body)
      from = res.body.next
    } while (from)
    expect(pages.map((p) => p.connections.length)).toEqual([2, 2, 1])
    expect(pages.map((p) => 'next' in p)).toEqual([true, true, false])
    expect(pages.flatMap((p) => p.connections)).toEqual(inOrder)
    const bad = await api.get('/api/v2/connections?from=garbage')
    expect(bad.body).toEqual(auth0Error(400, "Query validation error: 'Invalid checkpoint' on property from (Optional Id from which to start selection.).", 'invalid_query_string'))
    expect((await api.get('/api/v2/connections?take=101')).status).toBe(400)
  })

  it('refuses a duplicate name with 409', async () => {
    const name = connName()
    await api.post('/api/v2/connections', { name, strategy: 'auth0' })
    const dup = await api.post('/api/v2/connections', { name, strategy: 'samlp' })
    expect(dup.status).toBe(409)
    expect(dup.body).toEqual(auth0Error(409, 'A connection with the same name already exists', 'connection_conflict'))
  })

  it('validates the body with Auth0 messages', async () => {
    const post = async (body: unknown) => (await api.post('/api/v2/connections', body)).body
    expect(await post({ name: 'a' })).toEqual(auth0Error(400, "Payload validation error: 'Missing required property: strategy'", 'invalid_body'))
    expect(await post({ name: 'a', strategy: 'nope' })).toEqual(
      auth0Error(400, "Payload validation error: 'No enum match for: nope' on property strategy (The identity provider identifier for the connection).", 'invalid_body'),
    )
    expect(await post({ name: '-bad-', strategy: 'auth0' })).toEqual(
      auth0Error(400, "Payload validation error: 'String does not match pattern ^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$: -bad-' on property name (The name of the connection. Must start and end with an alphanumeric character and can only contain alphanumeric characters and '-'. Max length 128).", 'invalid_body'),
    )
    expect(await post({ name: 'a'.repeat(129), strategy: 'auth0' })).toEqual(
      auth0Error(400, "Payload validation error: 'String is too long (129 chars), maximum 128' on property name (The name of the connection. Must start and end with an alphanumeric character and can only contain alphanumeric characters and '-'. Max length 128).", 'invalid_body'),
    )
    expect(await post({ name: 'a', strategy: 'auth0', options: [] })).toEqual(
      auth0Error(400, "Payload validation error: 'Expected type object but found type array' on property options (The connection's options (depend on the connection strategy)).", 'invalid_body'),
    )
    const metadata = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))
    expect(await post({ name: 'a', strategy: 'auth0', metadata })).toEqual(
      auth0Error(400, "Payload validation error: 'Too many properties defined (11), maximum 10' on property metadata (Metadata associated with the connection, in the form of an object with string values (max 255 chars). Maximum of 10 metadata properties allowed.).", 'invalid_body'),
    )
  })

  it('refuses name and strategy on PATCH', async () => {
    const { body } = await api.post('/api/v2/connections', { name: connName(), strategy: 'auth0' })
    const res = await api.patch(path(body.id), { name: 'renamed', strategy: 'samlp' })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, "Payload validation error: 'Additional properties not allowed: name,strategy'", 'invalid_body'))
  })

  it('answers 404 for an unknown connection on PATCH', async () => {
    const res = await api.patch(path('con_doesnotexist0000'), { display_name: 'x' })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(auth0Error(404, 'The connection does not exist', 'inexistent_connection'))
  })

  it('removes the connection from organizations and deletes its users when it is deleted', async () => {
    const { body: conn } = await api.post('/api/v2/connections', { name: connName(), strategy: 'auth0' })
    const { body: user } = await api.post('/api/v2/users', { connection: conn.name, email: `${unique('u')}@example.com`, password: 'pw' })
    const at = new Date().toISOString()
    await env.DB.batch([
      env.DB.prepare('INSERT INTO org_connections (org_id, connection_id, created_at) VALUES (?, ?, ?)').bind('org_conncleanup00001', conn.id, at),
      env.DB.prepare('INSERT INTO org_members (org_id, user_id, created_at) VALUES (?, ?, ?)').bind('org_conncleanup00001', user.user_id, at),
    ])
    expect((await api.delete(path(conn.id))).status).toBe(202)
    await runPendingCleanups()
    const left = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM org_connections WHERE connection_id = ?1) + (SELECT count(*) FROM org_members WHERE user_id = ?2)
         + (SELECT count(*) FROM users WHERE user_id = ?2) AS n`,
    ).bind(conn.id, user.user_id).first<{ n: number }>()
    expect(left!.n).toBe(0)
  })

  it('needs the scope of each operation', async () => {
    const res = await api.post('/api/v2/connections', { name: connName(), strategy: 'auth0' }, { scopes: ['read:connections'] })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: create:connections', 'insufficient_scope'))
  })
})
