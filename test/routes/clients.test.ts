import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import { createResourceServer } from '../helpers/factories'

const path = (id: string) => `/api/v2/clients/${id}`

async function sha256(text: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

describe('clients', () => {
  it('creates a client with Auth0 defaults and shows its secret only then', async () => {
    const name = unique('app')
    const created = await api.post('/api/v2/clients', { name, description: 'Test app' })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      client_id: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/),
      name,
      description: 'Test app',
      is_first_party: true,
      oidc_conformant: false,
      grant_types: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
    })
    const { client_secret: secret, ...withoutSecret } = created.body

    const row = await env.DB.prepare('SELECT secret_hash FROM clients WHERE client_id = ?').bind(created.body.client_id).first<{ secret_hash: string }>()
    expect(row!.secret_hash).toBe(await sha256(secret))

    expect((await api.get(path(created.body.client_id))).body).toEqual(withoutSecret)
    const list = await api.get('/api/v2/clients?per_page=100&include_totals=true')
    expect(list.body).toMatchObject({ start: 0, limit: 100 })
    expect(list.body.clients).toContainEqual(withoutSecret)
  })

  it('keeps every field it is given', async () => {
    const body = {
      name: unique('app'), app_type: 'non_interactive', is_first_party: false, oidc_conformant: true, logo_uri: 'https://example.com/logo.png',
      callbacks: ['https://example.com/cb'], allowed_logout_urls: ['https://example.com/bye'], initiate_login_uri: 'https://{organization_name}.example.com/login',
      organization_usage: 'require', organization_require_behavior: 'post_login_prompt', client_metadata: { team: 'blue' },
    }
    const created = await api.post('/api/v2/clients', body)
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ ...body, client_id: expect.any(String), client_secret: expect.any(String), grant_types: ['client_credentials'] })
  })

  it('defaults grant types by application type', async () => {
    const spa = await api.post('/api/v2/clients', { name: unique('spa'), app_type: 'spa' })
    expect(spa.body.grant_types).toEqual(['authorization_code', 'implicit', 'refresh_token'])
    const given = await api.post('/api/v2/clients', { name: unique('m2m'), grant_types: ['client_credentials'] })
    expect(given.body.grant_types).toEqual(['client_credentials'])
  })

  it('updates fields, clears organization settings with null, merges client_metadata and can set a secret', async () => {
    const { body } = await api.post('/api/v2/clients', { name: unique('app'), organization_usage: 'allow', client_metadata: { a: '1', b: '2' } })
    const { client_secret: _secret, ...client } = body
    const updated = await api.patch(path(client.client_id), {
      name: 'Renamed', initiate_login_uri: '', organization_usage: null, client_metadata: { a: null, c: '3' }, client_secret: 'a-new-secret',
    })
    expect(updated.status).toBe(200)
    const { organization_usage: _gone, ...rest } = client
    expect(updated.body).toEqual({ ...rest, name: 'Renamed', initiate_login_uri: '', client_metadata: { b: '2', c: '3' } })
    const row = await env.DB.prepare('SELECT secret_hash FROM clients WHERE client_id = ?').bind(client.client_id).first<{ secret_hash: string }>()
    expect(row!.secret_hash).toBe(await sha256('a-new-secret'))
  })

  it('deletes a client with its grants and their organization associations', async () => {
    const { body: client } = await api.post('/api/v2/clients', { name: unique('app') })
    const { body: grant } = await api.post('/api/v2/client-grants', { client_id: client.client_id, audience: (await createResourceServer()).identifier, scope: [] })
    await env.DB.prepare('INSERT INTO org_client_grants (org_id, grant_id, created_at) VALUES (?, ?, ?)').bind('org_clientdelete0001', grant.id, new Date().toISOString()).run()
    expect((await api.delete(path(client.client_id))).status).toBe(204)
    const gone = await api.get(path(client.client_id))
    expect(gone.status).toBe(404)
    expect(gone.body).toEqual(auth0Error(404, 'The client does not exist', 'inexistent_client'))
    expect((await api.get(`/api/v2/client-grants/${grant.id}`)).status).toBe(404)
    const left = await env.DB.prepare('SELECT count(*) AS n FROM org_client_grants WHERE grant_id = ?').bind(grant.id).first<{ n: number }>()
    expect(left!.n).toBe(0)
  })

  it('answers 404 for an unknown client on PATCH', async () => {
    const res = await api.patch(path('A'.repeat(32)), { name: 'x' })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(auth0Error(404, 'The client does not exist', 'inexistent_client'))
  })

  it('validates the body with Auth0 messages', async () => {
    const post = async (body: Record<string, unknown>) => (await api.post('/api/v2/clients', { name: 'ok', ...body })).body
    expect((await api.post('/api/v2/clients', {})).body).toEqual(auth0Error(400, "Payload validation error: 'Missing required property: name'", 'invalid_body'))
    expect(await post({ name: '<b>' })).toEqual(
      auth0Error(400, "Payload validation error: 'String does not match pattern ^[^<>]+$: <b>' on property name (Name of this client (min length: 1 character, does not allow `<` or `>`).).", 'invalid_body'),
    )
    expect(await post({ name: '' })).toEqual(
      auth0Error(400, "Payload validation error: 'String does not match pattern ^[^<>]+$: ' on property name (Name of this client (min length: 1 character, does not allow `<` or `>`).).", 'invalid_body'),
    )
    expect(await post({ app_type: 'robot' })).toEqual(
      auth0Error(400, "Payload validation error: 'No enum match for: robot' on property app_type (The type of application this client represents).", 'invalid_body'),
    )
    expect(await post({ initiate_login_uri: 'http://example.com/login' })).toEqual(
      auth0Error(400, "Payload validation error: 'Object didn't pass validation for format absolute-https-uri-with-placeholders-or-empty: http://example.com/login' on property initiate_login_uri (Initiate login uri, must be https).", 'invalid_body'),
    )
    expect(await post({ logo_uri: 'logo.png' })).toEqual(
      auth0Error(400, "Payload validation error: 'Object didn't pass validation for format absolute-uri-or-empty: logo.png' on property logo_uri (URL of the logo to display for this client. Recommended size is 150x150 pixels.).", 'invalid_body'),
    )
    expect(await post({ organization_usage: 'sometimes' })).toEqual(
      auth0Error(400, "Payload validation error: 'No enum match for: sometimes' on property organization_usage (Defines how to proceed during an authentication transaction with regards an organization. Can be `deny` (default), `allow` or `require`.).", 'invalid_body'),
    )
    expect(await post({ organization_require_behavior: 'ask' })).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' })
    expect(await post({ grant_types: [''] })).toEqual(
      auth0Error(400, "Payload validation error: 'String is too short (0 chars), minimum 1' on property grant_types[0] (A set of grant types that the client is authorized to use).", 'invalid_body'),
    )
    expect(await post({ description: 'd'.repeat(141) })).toEqual(
      auth0Error(400, "Payload validation error: 'String is too long (141 chars), maximum 140' on property description (Free text description of this client (max length: 140 characters).).", 'invalid_body'),
    )
    expect(await post({ client_metadata: { k: 5 } })).toEqual(
      auth0Error(400, "Payload validation error: 'Expected type string,null but found type integer' on property client_metadata.k (Metadata associated with the client, in the form of an object with string values (max 255 chars). Maximum of 10 metadata properties allowed.).", 'invalid_body'),
    )
    expect(await post({ client_secret: 'mine' })).toEqual(auth0Error(400, "Payload validation error: 'Additional properties not allowed: client_secret'", 'invalid_body'))
  })

  it('needs the scope of each operation', async () => {
    const res = await api.post('/api/v2/clients', { name: 'x' }, { scopes: ['read:clients'] })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: create:clients', 'insufficient_scope'))
  })
})
