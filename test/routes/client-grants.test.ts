import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import { createResourceServer } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'

const path = (id: string) => `/api/v2/client-grants/${id}`
const newClient = async () => (await api.post('/api/v2/clients', { name: unique('app') })).body.client_id as string

/** A grant's audience must name a resource server defining its scopes: each test takes fresh APIs from this pool. */
const apis: string[] = []
beforeAll(async () => {
  apis.push(...(await Promise.all(Array.from({ length: 20 }, () => createResourceServer(['read:things', 'write:things', 'x'])))).map((rs) => rs.identifier))
})
const audience = () => apis.pop() ?? `https://${unique('api')}.example.com/`

describe('client grants', () => {
  it('creates, reads, lists, updates and deletes a grant', async () => {
    const clientId = await newClient()
    const aud = audience()
    const created = await api.post('/api/v2/client-grants', { client_id: clientId, audience: aud, scope: ['read:things'] })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ id: expect.stringMatching(/^cgr_[A-Za-z0-9]{16}$/), client_id: clientId, audience: aud, scope: ['read:things'] })
    const id = created.body.id

    expect((await api.get(path(id))).body).toEqual(created.body)
    expect((await api.get(`/api/v2/client-grants?audience=${encodeURIComponent(aud)}`)).body).toEqual([created.body])
    expect((await api.get(`/api/v2/client-grants?client_id=${clientId}&include_totals=true`)).body).toEqual({
      client_grants: [created.body], start: 0, limit: 50, total: 1,
    })

    const updated = await api.patch(path(id), { scope: ['read:things', 'write:things'], organization_usage: 'allow', allow_any_organization: true })
    expect(updated.status).toBe(200)
    expect(updated.body).toEqual({ ...created.body, scope: ['read:things', 'write:things'], organization_usage: 'allow', allow_any_organization: true })
    const cleared = await api.patch(path(id), { organization_usage: null, allow_any_organization: null })
    expect(cleared.body).toEqual({ ...created.body, scope: ['read:things', 'write:things'] })

    expect((await api.delete(path(id))).status).toBe(204)
    const gone = await api.get(path(id))
    expect(gone.status).toBe(404)
    expect(gone.body).toEqual(auth0Error(404, 'The grant does not exist.', 'inexistent_client_grant'))
    // Deleting it again: 204, as recorded (go-auth0 TestClientGrantManager_Delete).
    const again = await api.delete(path(id))
    expect(again.status).toBe(204)
  })

  it('keeps the organization settings and subject type it is given', async () => {
    const body = { client_id: await newClient(), audience: audience(), scope: [], organization_usage: 'require', allow_any_organization: false, subject_type: 'client' }
    const created = await api.post('/api/v2/client-grants', body)
    expect(created.body).toEqual({ ...body, id: expect.any(String) })
  })

  it('allows one grant per client, audience and subject type', async () => {
    const clientId = await newClient()
    const aud = audience()
    await api.post('/api/v2/client-grants', { client_id: clientId, audience: aud, scope: [] })
    const dup = await api.post('/api/v2/client-grants', { client_id: clientId, audience: aud, scope: ['x'], subject_type: 'client' })
    expect(dup.status).toBe(409)
    expect(dup.body).toEqual(auth0Error(409, `A client grant already exists between ${clientId} and ${aud}`))
    const userAccess = await api.post('/api/v2/client-grants', { client_id: clientId, audience: aud, scope: [], subject_type: 'user' })
    expect(userAccess.status).toBe(201)
  })

  it('needs an existing client', async () => {
    const res = await api.post('/api/v2/client-grants', { client_id: 'Z'.repeat(32), audience: audience(), scope: [] })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(auth0Error(404, 'Client not found', 'inexistent_client'))
  })

  it('filters by subject type and allow_any_organization, and pages by offset', async () => {
    const aud = audience()
    const made = []
    for (let i = 0; i < 3; i++) {
      made.push((await api.post('/api/v2/client-grants', { client_id: await newClient(), audience: aud, scope: [], allow_any_organization: i === 1 })).body)
    }
    const q = `audience=${encodeURIComponent(aud)}`
    expect((await api.get(`/api/v2/client-grants?${q}&page=1&per_page=2&include_totals=true`)).body).toEqual({ client_grants: [made[2]], start: 2, limit: 2, total: 3 })
    expect((await api.get(`/api/v2/client-grants?${q}&allow_any_organization=true`)).body).toEqual([made[1]])
    expect((await api.get(`/api/v2/client-grants?${q}&subject_type=user`)).body).toEqual([])
  })

  it('pages in checkpoint mode when take or from is present, as the SDK lists (include_totals=true&take=50)', async () => {
    const clientId = await newClient()
    for (let i = 0; i < 5; i++) await api.post('/api/v2/client-grants', { client_id: clientId, audience: audience(), scope: [] })
    const inOrder = (await api.get(`/api/v2/client-grants?client_id=${clientId}&per_page=100`)).body
    expect(inOrder).toHaveLength(5)
    expect((await api.get(`/api/v2/client-grants?client_id=${clientId}&include_totals=true&take=50`)).body).toEqual({ client_grants: inOrder })
    const pages = []
    let from: string | undefined
    do {
      const res = await api.get(`/api/v2/client-grants?client_id=${clientId}&include_totals=true&page=3&per_page=1&take=2${from ? `&from=${encodeURIComponent(from)}` : ''}`)
      expect(res.status).toBe(200)
      pages.push(res.body)
      from = res.body.next
    } while (from)
    expect(pages.map((p) => p.client_grants.length)).toEqual([2, 2, 1])
    expect(pages.map((p) => 'next' in p)).toEqual([true, true, false])
    expect(pages.flatMap((p) => p.client_grants)).toEqual(inOrder)
    const bad = await api.get('/api/v2/client-grants?from=garbage')
    expect(bad.body).toEqual(auth0Error(400, "Query validation error: 'Invalid checkpoint' on property from (Optional Id from which to start selection.).", 'invalid_query_string'))
    expect((await api.get('/api/v2/client-grants?take=0')).status).toBe(400)
  })

  it('deletes the organization associations of a deleted grant', async () => {
    const { body: grant } = await api.post('/api/v2/client-grants', { client_id: await newClient(), audience: audience(), scope: [] })
    await env.DB.prepare('INSERT INTO org_client_grants (org_id, grant_id, created_at) VALUES (?, ?, ?)').bind('org_grantdelete00001', grant.id, new Date().toISOString()).run()
    expect((await api.delete(path(grant.id))).status).toBe(204)
    await runPendingCleanups()
    const left = await env.DB.prepare('SELECT count(*) AS n FROM org_client_grants WHERE grant_id = ?').bind(grant.id).first<{ n: number }>()
    expect(left!.n).toBe(0)
  })

  it('validates the body with Auth0 messages', async () => {
    const clientId = await newClient()
    const post = async (body: Record<string, unknown>) => (await api.post('/api/v2/client-grants', body)).body
    expect(await post({ client_id: clientId, scope: [] })).toEqual(auth0Error(400, "Payload validation error: 'Missing required property: audience'", 'invalid_body'))
    expect(await post({ audience: audience(), scope: [] })).toEqual(auth0Error(400, "Payload validation error: 'Missing required property: client_id'", 'invalid_body'))
    expect(await post({ client_id: clientId, audience: '', scope: [] })).toEqual(
      auth0Error(400, "Payload validation error: 'String is too short (0 chars), minimum 1' on property audience (The audience (API identifier) of this client grant).", 'invalid_body'),
    )
    expect(await post({ client_id: clientId, audience: audience(), scope: 'read:x' })).toEqual(
      auth0Error(400, "Payload validation error: 'Expected type array but found type string' on property scope (Scopes allowed for this client grant.).", 'invalid_body'),
    )
    expect(await post({ client_id: clientId, audience: audience(), scope: ['x'.repeat(281)] })).toEqual(
      auth0Error(400, "Payload validation error: 'String is too long (281 chars), maximum 280' on property scope[0] (Scopes allowed for this client grant.).", 'invalid_body'),
    )
    expect(await post({ client_id: clientId, audience: audience(), scope: [], subject_type: 'robot' })).toEqual(
      auth0Error(400, "Payload validation error: 'No enum match for: robot' on property subject_type (The type of application access the client grant allows.).", 'invalid_body'),
    )
    const { body: grant } = await api.post('/api/v2/client-grants', { client_id: clientId, audience: audience(), scope: [] })
    expect((await api.patch(path(grant.id), { audience: 'https://other/' })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Additional properties not allowed: audience'", 'invalid_body'),
    )
  })

  it('answers 404 for an unknown grant on PATCH', async () => {
    const res = await api.patch(path('cgr_doesnotexist0000'), { scope: [] })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(auth0Error(404, 'The grant does not exist.', 'inexistent_client_grant'))
  })

  it('needs the scope of each operation', async () => {
    const res = await api.get('/api/v2/client-grants', { scopes: ['read:clients'] })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: read:client_grants', 'insufficient_scope'))
  })
})

describe('client grants and resource servers', () => {
  const post = (body: Record<string, unknown>) => api.post('/api/v2/client-grants', body)

  it("needs an audience naming a resource server and scopes among that server's, writing nothing otherwise", async () => {
    const clientId = await newClient()
    const server = await createResourceServer(['read:things'])
    const unknown = await post({ client_id: clientId, audience: `https://${unique('nowhere')}.example.com/`, scope: [] })
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual(auth0Error(404, 'The resource server does not exist', 'inexistent_resource_server'))
    const outside = await post({ client_id: clientId, audience: server.identifier, scope: ['read:things', 'delete:things', 'write:things'] })
    expect(outside.status).toBe(400)
    expect(outside.body).toEqual(auth0Error(400, 'One or more of the specified scopes are not defined by the resource server: delete:things, write:things', 'invalid_body'))
    expect((await api.get(`/api/v2/client-grants?client_id=${clientId}`)).body).toEqual([])
    const created = await post({ client_id: clientId, audience: server.identifier, scope: ['read:things'] })
    expect(created.status).toBe(201)
    expect(created.headers.get('x-d1-round-trips')).toBe('1')
    // An unknown client is still the first thing said.
    expect((await post({ client_id: 'Z'.repeat(32), audience: 'https://nowhere.example.com/', scope: [] })).body).toEqual(auth0Error(404, 'Client not found', 'inexistent_client'))
  })

  it("checks new scopes on PATCH against the grant's resource server, in one round trip", async () => {
    const server = await createResourceServer(['read:things', 'write:things'])
    const { body: grant } = await post({ client_id: await newClient(), audience: server.identifier, scope: ['read:things'] })
    const refused = await api.patch(path(grant.id), { scope: ['read:things', 'fly:things'] })
    expect(refused.status).toBe(400)
    expect(refused.body).toEqual(auth0Error(400, 'One or more of the specified scopes are not defined by the resource server: fly:things', 'invalid_body'))
    expect((await api.get(path(grant.id))).body).toEqual(grant)
    const updated = await api.patch(path(grant.id), { scope: ['write:things'], organization_usage: 'allow' })
    expect(updated.body).toEqual({ ...grant, scope: ['write:things'], organization_usage: 'allow' })
    expect(updated.headers.get('x-d1-round-trips')).toBe('1')
  })

  it("takes the Management API (the system resource server, API_AUDIENCE) with this Worker's scopes only", async () => {
    const clientId = await newClient()
    const ok = await post({ client_id: clientId, audience: env.API_AUDIENCE, scope: ['read:users', 'read:resource_servers'] })
    expect(ok.status).toBe(201)
    const bad = await api.patch(path(ok.body.id), { scope: ['read:users', 'read:stats'] })
    expect(bad.body).toEqual(auth0Error(400, 'One or more of the specified scopes are not defined by the resource server: read:stats', 'invalid_body'))
  })

  it("refuses new scopes once the server no longer defines them, but keeps the grant's other settings patchable", async () => {
    const server = await createResourceServer(['read:things', 'write:things'])
    const { body: grant } = await post({ client_id: await newClient(), audience: server.identifier, scope: ['write:things'] })
    await api.patch(`/api/v2/resource-servers/${server.id}`, { scopes: [{ value: 'read:things' }] })
    expect((await api.patch(path(grant.id), { scope: ['write:things'] })).status).toBe(400)
    expect((await api.patch(path(grant.id), { allow_any_organization: true })).body).toEqual({ ...grant, allow_any_organization: true })
  })
})
