import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { describeScope, MANAGEMENT_SCOPES } from '../../src/http/scopes'
import { api, auth0Error, unique } from '../helpers/api'
import { createResourceServer, createRole } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'

const path = (key: string) => `/api/v2/resource-servers/${encodeURIComponent(key)}`
const identifier = () => `https://${unique('api')}.example.com/`
const NOT_FOUND = auth0Error(404, 'The resource server does not exist', 'inexistent_resource_server')

/** Auth0's defaults on a new resource server, in the recorded key order (TestAccResourceServer, 2026-02). */
const created = (id: string, ident: string) => ({
  id,
  identifier: ident,
  allow_offline_access: false,
  skip_consent_for_verifiable_first_party_clients: false,
  subject_type_authorization: { client: { policy: 'require_client_grant' }, user: { policy: 'allow_all' } },
  token_lifetime: 86400,
  token_lifetime_for_web: 7200,
  signing_alg: 'RS256',
})

const managementApi = async () => (await api.get(`/api/v2/resource-servers?identifiers=${encodeURIComponent(env.API_AUDIENCE)}`)).body[0]

describe('resource servers', () => {
  it('creates with Auth0 defaults (no name unless given), reads by id and by URL-encoded identifier, updates and deletes', async () => {
    const ident = identifier()
    const res = await api.post('/api/v2/resource-servers', { identifier: ident })
    expect(res.status).toBe(201)
    expect(res.body).toEqual(created(expect.stringMatching(/^[0-9a-f]{24}$/) as unknown as string, ident))
    expect(Object.keys(res.body)).toEqual(Object.keys(created('', '')))
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
    const id = res.body.id as string
    for (const key of [id, ident, encodeURIComponent(ident)]) {
      const got = await api.get(path(key))
      expect(got.body).toEqual(res.body)
      expect(got.headers.get('x-d1-round-trips')).toBe('1')
    }
    const patched = await api.patch(path(ident), { name: 'Things', scopes: [{ value: 'read:things', description: 'Read things' }, { value: 'write:things' }], token_lifetime: 7200 })
    expect(patched.status).toBe(200)
    expect(patched.body).toEqual({ ...res.body, name: 'Things', token_lifetime: 7200, scopes: [{ value: 'read:things', description: 'Read things' }, { value: 'write:things' }] })
    expect(Object.keys(patched.body).slice(0, 3)).toEqual(['id', 'name', 'identifier'])
    expect(patched.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.patch(path(id), { scopes: [] })).body.scopes).toEqual([])
    const deleted = await api.delete(path(id))
    expect(deleted.status).toBe(204)
    expect(Number(deleted.headers.get('x-d1-round-trips'))).toBeLessThanOrEqual(2)
    expect((await api.get(path(id))).body).toEqual(NOT_FOUND)
    expect((await api.delete(path(id))).status).toBe(204)
    expect((await api.patch(path(id), { name: 'x' })).body).toEqual(NOT_FOUND)
  })

  it('keeps every setting sent; the token-encryption key is answered without its pem, with a thumbprint; null removes a setting', async () => {
    const body = {
      name: 'Full',
      identifier: identifier(),
      signing_alg: 'PS256',
      allow_offline_access: true,
      allow_online_access: true,
      allow_online_access_with_ephemeral_sessions: true,
      token_lifetime: 7200,
      token_lifetime_for_web: 3600,
      skip_consent_for_verifiable_first_party_clients: true,
      enforce_policies: false,
      token_dialect: 'access_token_authz',
      subject_type_authorization: { user: { policy: 'deny_all' } },
      consent_policy: 'transactional-authorization-with-mfa',
      authorization_details: [{ type: 'payment' }],
      proof_of_possession: { mechanism: 'dpop', required: true, required_for: 'all_clients' },
      token_encryption: { format: 'compact-nested-jwe', encryption_key: { name: 'key', alg: 'RSA-OAEP-256', pem: '-----BEGIN PUBLIC KEY-----\nAAEC\n-----END PUBLIC KEY-----\n' } },
    }
    const res = await api.post('/api/v2/resource-servers', body)
    expect(res.status).toBe(201)
    const { token_encryption: _, ...rest } = body
    expect(res.body).toEqual({
      ...rest,
      id: expect.any(String),
      subject_type_authorization: { client: { policy: 'require_client_grant' }, user: { policy: 'deny_all' } },
      token_encryption: { format: 'compact-nested-jwe', encryption_key: { name: 'key', alg: 'RSA-OAEP-256', thumbprint_sha256: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) } },
    })
    const cleared = await api.patch(path(res.body.id), { token_encryption: null, proof_of_possession: null, authorization_details: null, consent_policy: null })
    for (const key of ['token_encryption', 'proof_of_possession', 'authorization_details', 'consent_policy']) expect(cleared.body).not.toHaveProperty(key)
    const merged = await api.patch(path(res.body.id), { subject_type_authorization: { client: { policy: 'deny_all' } }, proof_of_possession: { mechanism: 'mtls', required: false } })
    expect(merged.body.subject_type_authorization).toEqual({ client: { policy: 'deny_all' }, user: { policy: 'deny_all' } })
    expect(merged.body.proof_of_possession).toEqual({ mechanism: 'mtls', required: false })
  })

  it('refuses a second server with the same identifier, and the reserved ones, with nothing written', async () => {
    const ident = identifier()
    await api.post('/api/v2/resource-servers', { identifier: ident })
    const conflict = auth0Error(409, 'A resource server with this identifier already exists.')
    expect((await api.post('/api/v2/resource-servers', { identifier: ident, name: 'again' })).body).toEqual(conflict)
    expect((await api.post('/api/v2/resource-servers', { identifier: env.API_AUDIENCE })).body).toEqual(conflict)
    expect((await api.post('/api/v2/resource-servers', { identifier: 'urn:edge-orgs:management-api' })).body).toEqual(
      auth0Error(400, 'The selected identifier is reserved.', 'invalid_body'),
    )
    expect((await api.get(`/api/v2/resource-servers?identifiers=${encodeURIComponent(ident)}`)).body).toHaveLength(1)
  })

  it('validates bodies with Auth0 messages', async () => {
    const post = async (body: unknown) => (await api.post('/api/v2/resource-servers', body)).body
    const bad = (message: string) => auth0Error(400, `Payload validation error: '${message}`, 'invalid_body')
    expect(await post({})).toEqual(bad("Missing required property: identifier'"))
    expect(await post({ identifier: 'x'.repeat(601) })).toEqual(
      bad("String is too long (601 chars), maximum 600' on property identifier (Unique identifier for the API used as the audience parameter on authorization calls. Can not be changed once set.)."),
    )
    expect(await post({ identifier: identifier(), name: '<b>' })).toEqual(
      bad("String does not match pattern ^[^<>]+$: <b>' on property name (Friendly name for this resource server. Can not contain `<` or `>` characters.)."),
    )
    expect(await post({ identifier: identifier(), signing_alg: 'none' })).toEqual(
      bad("No enum match for: none' on property signing_alg (Algorithm used to sign JWTs. Can be `HS256`, `RS256`, `RS512` or `PS256`.)."),
    )
    expect(await post({ identifier: identifier(), token_lifetime: 2592001 })).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' })
    expect(await post({ identifier: identifier(), scopes: [{ value: 'a', extra: 1 }] })).toEqual(bad("Additional properties not allowed: extra' on property scopes[0] (List of permissions (scopes) that this API uses.)."))
    expect(await post({ identifier: identifier(), is_system: true })).toEqual(bad("Additional properties not allowed: is_system'"))
    const rs = await createResourceServer()
    expect((await api.patch(path(rs.id), { identifier: 'https://other/' })).body).toEqual(bad("Additional properties not allowed: identifier'"))
  })

  it('lists with totals first (recorded key order), filters by identifiers (one or repeated), projects fields', async () => {
    const [a, b] = [await createResourceServer(['read:a']), await createResourceServer(['read:b'])]
    const q = `identifiers=${encodeURIComponent(a.identifier)}&identifiers=${encodeURIComponent(b.identifier)}`
    const wrapped = await api.get(`/api/v2/resource-servers?${q}&include_totals=true&per_page=50`)
    expect(Object.keys(wrapped.body)).toEqual(['total', 'start', 'limit', 'resource_servers'])
    expect(wrapped.body).toMatchObject({ total: 2, start: 0, limit: 50 })
    expect(wrapped.body.resource_servers.map((r: { id: string }) => r.id)).toEqual([a.id, b.id])
    expect(wrapped.headers.get('x-d1-round-trips')).toBe('1')
    const projected = await api.get(`/api/v2/resource-servers?identifiers=${encodeURIComponent(a.identifier)}&fields=id,identifier&include_fields=true&include_totals=true`)
    expect(projected.body).toEqual({ total: 1, start: 0, limit: 50, resource_servers: [{ id: a.id, identifier: a.identifier }] })
    const excluded = (await api.get(`${path(a.id)}?fields=scopes,token_lifetime&include_fields=false`)).body
    expect(excluded).not.toHaveProperty('scopes')
    expect(excluded).toHaveProperty('identifier', a.identifier)
    const page = await api.get('/api/v2/resource-servers?page=0&per_page=1')
    expect(page.body).toHaveLength(1)
    const eleven = Array.from({ length: 11 }, (_, i) => `identifiers=i${i}`).join('&')
    expect((await api.get(`/api/v2/resource-servers?${eleven}`)).status).toBe(400)
  })

  it("lists the tenant's own Management API as a system server, with every scope this Worker checks; it cannot be changed or deleted", async () => {
    const system = await managementApi()
    expect(system).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'Auth0 Management API',
      identifier: env.API_AUDIENCE,
      allow_offline_access: false,
      skip_consent_for_verifiable_first_party_clients: false,
      token_lifetime: 86400,
      token_lifetime_for_web: 7200,
      signing_alg: 'RS256',
      scopes: MANAGEMENT_SCOPES.map((value) => ({ value, description: describeScope(value) })),
      is_system: true,
    })
    expect((await api.get(path(env.API_AUDIENCE))).body).toEqual(system)
    expect((await api.get(path(system.id))).body).toEqual(system)
    const patch = await api.patch(path(system.id), { name: 'Mine now' })
    expect(patch.status).toBe(400)
    expect(patch.body).toEqual(auth0Error(400, 'System resource servers cannot be patched.', 'operation_not_supported'))
    expect((await api.patch(path(env.API_AUDIENCE), { scopes: [] })).status).toBe(400)
    const del = await api.delete(path(env.API_AUDIENCE))
    expect(del.status).toBe(400)
    expect(del.body).toEqual(auth0Error(400, 'System resource servers cannot be deleted.', 'operation_not_supported'))
    expect(await managementApi()).toEqual(system)
  })

  it("deleting a server removes its role permissions through the queue, and no other server's", async () => {
    const [gone, kept] = [await createResourceServer(['read:x']), await createResourceServer(['read:x'])]
    const role = await createRole()
    const permissions = [gone, kept].map((rs) => ({ resource_server_identifier: rs.identifier, permission_name: 'read:x' }))
    expect((await api.post(`/api/v2/roles/${role.id}/permissions`, { permissions })).status).toBe(201)
    await api.delete(path(gone.id))
    expect((await api.get(`/api/v2/roles/${role.id}/permissions`)).body).toEqual([
      { permission_name: 'read:x', resource_server_identifier: kept.identifier },
    ])
    await runPendingCleanups()
    expect(await env.DB.prepare('SELECT count(*) AS n FROM role_permissions WHERE role_id = ?').bind(role.id).first('n')).toBe(1)
  })

  it('needs the resource-server scopes', async () => {
    const denied = await api.get('/api/v2/resource-servers', { scopes: ['read:clients'] })
    expect(denied.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: read:resource_servers', 'insufficient_scope'))
    const create = await api.post('/api/v2/resource-servers', { identifier: identifier() }, { scopes: ['read:resource_servers'] })
    expect(create.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: create:resource_servers', 'insufficient_scope'))
    expect((await api.get('/api/v2/resource-servers', { token: null })).status).toBe(401)
  })
})
