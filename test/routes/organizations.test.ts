import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import { createConnection, createOrganization } from '../helpers/factories'

const NOT_FOUND = { statusCode: 404, error: 'Not Found', message: 'No organization found by that id or name' }
const invalidBody = (message: string) => auth0Error(400, message, 'invalid_body')
/** What every organization carries when these two were never set (behaviour-2026.md §1). */
const DEFAULTS = { third_party_client_access: 'block', is_app_entitlement_active: false }

describe('POST /organizations', () => {
  it('creates an organization and answers 201 with the document, unset fields absent', async () => {
    const name = unique('acme')
    const res = await api.post('/api/v2/organizations', { name })
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(res.body).toEqual({ id: expect.stringMatching(/^org_[A-Za-z0-9]{16}$/), name, ...DEFAULTS })
  })

  it('stores every field and echoes it', async () => {
    const body = {
      name: unique('full'),
      display_name: 'Acme Inc.',
      branding: { logo_url: 'https://example.com/logo.png', colors: { primary: '#e3e2f0', page_background: '#FFF' } },
      metadata: { plan: 'gold', region: 'eu' },
      token_quota: { client_credentials: { enforce: true, per_day: 2000, per_hour: 100 } },
      third_party_client_access: 'allow',
      is_app_entitlement_active: true,
    }
    const res = await api.post('/api/v2/organizations', body)
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ id: expect.any(String), ...body })
    expect((await api.get(`/api/v2/organizations/${res.body.id}`)).body).toEqual(res.body)
  })

  it('omits empty metadata', async () => {
    const res = await api.post('/api/v2/organizations', { name: unique('meta'), metadata: {} })
    expect(res.body).toEqual({ id: expect.any(String), name: res.body.name, ...DEFAULTS })
  })

  it('enables connections on create and echoes them expanded', async () => {
    const db = await createConnection('auth0')
    const saml = await createConnection('samlp')
    const res = await api.post('/api/v2/organizations', {
      name: unique('conns'),
      enabled_connections: [
        { connection_id: saml.id, assign_membership_on_login: true },
        { connection_id: db.id, assign_membership_on_login: true, is_signup_enabled: true },
      ],
    })
    expect(res.status).toBe(201)
    expect(res.body.enabled_connections).toEqual([
      { connection_id: saml.id, assign_membership_on_login: true, show_as_button: true, connection: { name: saml.name, strategy: 'samlp' } },
      { connection_id: db.id, assign_membership_on_login: true, is_signup_enabled: true, show_as_button: true, connection: { name: db.name, strategy: 'auth0' } },
    ])
    const { results } = await env.DB.prepare('SELECT connection_id FROM org_connections WHERE org_id = ? ORDER BY connection_id').bind(res.body.id).all()
    expect(results.map((r) => r.connection_id).sort()).toEqual([saml.id, db.id].sort())
    expect((await api.get(`/api/v2/organizations/${res.body.id}`)).body.enabled_connections).toBeUndefined()
  })

  it('refuses unknown connections and writes nothing', async () => {
    const name = unique('noconn')
    const res = await api.post('/api/v2/organizations', { name, enabled_connections: [{ connection_id: 'con_doesnotexist00' }] })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalidBody('One or more of the specified connections do not exist: con_doesnotexist00'))
    expect((await api.get(`/api/v2/organizations/name/${name}`)).status).toBe(404)
  })

  it('refuses signup on a non-database connection or without membership on login', async () => {
    const saml = await createConnection('samlp')
    const db = await createConnection('auth0')
    const rule = invalidBody('Only database connections with assign_membership_on_login = true support is_signup_enabled = true.')
    for (const item of [
      { connection_id: saml.id, assign_membership_on_login: true, is_signup_enabled: true },
      { connection_id: db.id, is_signup_enabled: true },
    ]) {
      const res = await api.post('/api/v2/organizations', { name: unique('signup'), enabled_connections: [item] })
      expect(res.status).toBe(400)
      expect(res.body).toEqual(rule)
    }
  })

  it('refuses more than 10 connections', async () => {
    const items = Array.from({ length: 11 }, (_, i) => ({ connection_id: `con_${i}` }))
    const res = await api.post('/api/v2/organizations', { name: unique('many'), enabled_connections: items })
    expect(res.body).toEqual(
      invalidBody("Payload validation error: 'Array is too long (11), maximum 10' on property enabled_connections (Connections that will be enabled for this organization. See POST enabled_connections endpoint for the object format. (Max of 10 connections allowed))."),
    )
  })

  it('answers 409 organization_conflict for a taken name', async () => {
    const org = await createOrganization()
    const res = await api.post('/api/v2/organizations', { name: org.name })
    expect(res.status).toBe(409)
    expect(res.body).toEqual(auth0Error(409, 'An organization with this name already exists.', 'organization_conflict'))
  })

  it.each([
    [{}, "Payload validation error: 'Missing required property: name'"],
    [{ name: 'ok', foo: 1 }, "Payload validation error: 'Additional properties not allowed: foo'"],
    [{ name: 'a'.repeat(60) }, "Payload validation error: 'String is too long (60 chars), maximum 50' on property name (The name of this organization)."],
    [{ name: '' }, "Payload validation error: 'String is too short (0 chars), minimum 1' on property name (The name of this organization)."],
    [{ name: 'Acme Inc' }, "Payload validation error: 'Object didn't pass validation for format organization-name: Acme Inc' on property name (The name of this organization)."],
    [{ name: 7 }, "Payload validation error: 'Expected type string but found type integer' on property name (The name of this organization)."],
    [{ name: 'ok', display_name: '' }, "Payload validation error: 'String is too short (0 chars), minimum 1' on property display_name (Friendly name of this organization)."],
    [{ name: 'ok', display_name: 'x'.repeat(256) }, "Payload validation error: 'String is too long (256 chars), maximum 255' on property display_name (Friendly name of this organization)."],
    [{ name: 'ok', branding: { logo_url: 'http://example.com/a.png' } }, "Payload validation error: 'Object didn't pass validation for format strict-https-uri-or-null: http://example.com/a.png' on property branding.logo_url (URL of logo to display on login page)."],
    [{ name: 'ok', branding: { colors: { primary: '#ffffff' } } }, "Payload validation error: 'Missing required property: page_background' on property branding.colors (Color scheme used to customize the login pages)."],
    [{ name: 'ok', branding: { colors: { primary: 'red', page_background: '#fff' } } }, "Payload validation error: 'Object didn't pass validation for format html-color: red' on property branding.colors.primary (HEX Color for primary elements)."],
    [{ name: 'ok', branding: { theme: 'x' } }, "Payload validation error: 'Additional properties not allowed: theme' on property branding (Theme defines how to style the login pages)."],
    [{ name: 'ok', metadata: { a: 'x'.repeat(256) } }, "Payload validation error: 'String is too long (256 chars), maximum 255' on property metadata.a (Metadata associated with the organization, in the form of an object with string values (max 255 chars). Maximum of 25 metadata properties allowed)."],
    [{ name: 'ok', metadata: { a: 1 } }, "Payload validation error: 'Expected type string,null but found type integer' on property metadata.a (Metadata associated with the organization, in the form of an object with string values (max 255 chars). Maximum of 25 metadata properties allowed)."],
    [{ name: 'ok', metadata: null }, "Payload validation error: 'Expected type object but found type null' on property metadata (Metadata associated with the organization, in the form of an object with string values (max 255 chars). Maximum of 25 metadata properties allowed)."],
    [{ name: 'ok', token_quota: { client_credentials: {} } }, "Payload validation error: 'Too few properties defined (0), minimum 1' on property token_quota.client_credentials (The token quota configuration)."],
    [{ name: 'ok', token_quota: { client_credentials: { per_day: 0 } } }, "Payload validation error: 'Value 0 is less than minimum 1' on property token_quota.client_credentials.per_day (Maximum number of issued tokens per day)."],
  ])('refuses %j with Auth0 text', async (body, message) => {
    const res = await api.post('/api/v2/organizations', body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalidBody(message))
  })

  it('refuses more than 25 metadata keys', async () => {
    const metadata = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`k${i}`, 'v']))
    const res = await api.post('/api/v2/organizations', { name: unique('m'), metadata })
    expect(res.body).toEqual(
      invalidBody("Payload validation error: 'Too many properties defined (26), maximum 25' on property metadata (Metadata associated with the organization, in the form of an object with string values (max 255 chars). Maximum of 25 metadata properties allowed)."),
    )
  })

  it('refuses malformed JSON without writing', async () => {
    const res = await api.post('/api/v2/organizations', undefined, { rawBody: '{"name": "x"', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalidBody('Invalid request payload JSON format'))
  })

  it('needs create:organizations', async () => {
    const res = await api.post('/api/v2/organizations', { name: unique('s') }, { scopes: ['read:organizations'] })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: create:organizations', 'insufficient_scope'))
  })
})

describe('GET /organizations/{id}', () => {
  it('answers 404 without errorCode for an unknown id', async () => {
    const res = await api.get('/api/v2/organizations/org_XXXXXXXXXXXXXXXX')
    expect(res.status).toBe(404)
    expect(res.body).toEqual(NOT_FOUND)
  })

  it('accepts read:organizations_summary', async () => {
    const org = await createOrganization()
    const res = await api.get(`/api/v2/organizations/${org.id}`, { scopes: ['read:organizations_summary'] })
    expect(res.body).toEqual(org)
    const denied = await api.get(`/api/v2/organizations/${org.id}`, { scopes: ['read:users'] })
    expect(denied.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: read:organizations,read:organizations_summary', 'insufficient_scope'))
  })

  it('looks up an over-long id on GET and PATCH (404), refuses it on DELETE (invalid_uri), as Auth0 bounds it only there', async () => {
    const long = 'x'.repeat(51)
    expect((await api.get(`/api/v2/organizations/${long}`)).body).toEqual(NOT_FOUND)
    expect((await api.patch(`/api/v2/organizations/${long}`, { display_name: 'x' })).body).toEqual(NOT_FOUND)
    expect((await api.delete(`/api/v2/organizations/${long}`)).body).toEqual(
      auth0Error(400, "Path validation error: 'String is too long (51 chars), maximum 50' on property id (ID of the organization).", 'invalid_uri'),
    )
  })
})

describe('PATCH /organizations/{id}', () => {
  it('keeps omitted keys, replaces metadata whole, clears it with {} or null', async () => {
    const org = await createOrganization({ display_name: 'Before', branding: { logo_url: 'https://x.example/l.png' }, metadata: { a: '1', b: '2' } })
    const first = await api.patch(`/api/v2/organizations/${org.id}`, { metadata: { b: '3' } })
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ ...org, metadata: { b: '3' } })
    const second = await api.patch(`/api/v2/organizations/${org.id}`, { display_name: 'After', metadata: {} })
    expect(second.body).toEqual({ id: org.id, name: org.name, display_name: 'After', branding: { logo_url: 'https://x.example/l.png' }, ...DEFAULTS })
    await api.patch(`/api/v2/organizations/${org.id}`, { metadata: { c: '1' } })
    const third = await api.patch(`/api/v2/organizations/${org.id}`, { metadata: null, branding: null })
    expect(third.body).toEqual({ id: org.id, name: org.name, display_name: 'After', ...DEFAULTS })
  })

  it('sets and keeps third_party_client_access and is_app_entitlement_active, refusing other values', async () => {
    const org = await createOrganization()
    const set = await api.patch(`/api/v2/organizations/${org.id}`, { third_party_client_access: 'allow', is_app_entitlement_active: true })
    expect(set.body).toEqual({ ...org, third_party_client_access: 'allow', is_app_entitlement_active: true })
    expect((await api.patch(`/api/v2/organizations/${org.id}`, { display_name: 'kept' })).body).toEqual({ ...set.body, display_name: 'kept' })
    const back = await api.patch(`/api/v2/organizations/${org.id}`, { third_party_client_access: 'block' })
    expect(back.body).toEqual({ ...org, display_name: 'kept', third_party_client_access: 'block', is_app_entitlement_active: true })
    for (const [body, message] of [
      [{ third_party_client_access: 'open' }, "Payload validation error: 'No enum match for: open' on property third_party_client_access (Whether third-party applications may be used by members of this organization (`allow`) or not (`block`, the default).)."],
      [{ is_app_entitlement_active: 'yes' }, "Payload validation error: 'Expected type boolean but found type string' on property is_app_entitlement_active (When true, members may use only the applications associated with this organization (its `clients`). Default: false.)."],
      [{ third_party_client_access: null }, "Payload validation error: 'Expected type string but found type null' on property third_party_client_access (Whether third-party applications may be used by members of this organization (`allow`) or not (`block`, the default).)."],
    ] as const) {
      const res = await api.patch(`/api/v2/organizations/${org.id}`, body)
      expect(res.status).toBe(400)
      expect(res.body).toEqual(invalidBody(message))
    }
    expect((await api.get(`/api/v2/organizations/${org.id}`)).body).toEqual(back.body)
  })

  it('refuses a body of literal null, changing nothing', async () => {
    const org = await createOrganization({ display_name: 'Same' })
    const res = await api.patch(`/api/v2/organizations/${org.id}`, undefined, { rawBody: 'null', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalidBody("Payload validation error: 'Expected type object but found type null'"))
    expect((await api.get(`/api/v2/organizations/${org.id}`)).body).toEqual(org)
  })

  it('drops null-valued metadata keys', async () => {
    const org = await createOrganization()
    const res = await api.patch(`/api/v2/organizations/${org.id}`, { metadata: { keep: 'x', drop: null } })
    expect(res.body).toEqual({ ...org, metadata: { keep: 'x' } })
  })

  it('sets and removes token_quota', async () => {
    const org = await createOrganization()
    const quota = { client_credentials: { per_hour: 5 } }
    expect((await api.patch(`/api/v2/organizations/${org.id}`, { token_quota: quota })).body).toEqual({ ...org, token_quota: quota })
    expect((await api.patch(`/api/v2/organizations/${org.id}`, { display_name: 'd' })).body.token_quota).toEqual(quota)
    expect((await api.patch(`/api/v2/organizations/${org.id}`, { token_quota: null })).body).toEqual({ ...org, display_name: 'd' })
  })

  it('renames, frees the old name at once, and refuses a taken name', async () => {
    const org = await createOrganization()
    const other = await createOrganization()
    const newName = unique('renamed')
    expect((await api.patch(`/api/v2/organizations/${org.id}`, { name: newName })).body).toEqual({ ...org, name: newName })
    expect((await api.get(`/api/v2/organizations/name/${org.name}`)).status).toBe(404)
    expect((await api.get(`/api/v2/organizations/name/${newName}`)).body).toEqual({ ...org, name: newName })
    const reuse = await api.post('/api/v2/organizations', { name: org.name })
    expect(reuse.status).toBe(201)
    const taken = await api.patch(`/api/v2/organizations/${org.id}`, { name: other.name })
    expect(taken.status).toBe(409)
    expect(taken.body).toEqual(auth0Error(409, 'An organization with this name already exists.', 'organization_conflict'))
  })

  it('refuses enabled_connections and unknown keys', async () => {
    const org = await createOrganization()
    const res = await api.patch(`/api/v2/organizations/${org.id}`, { enabled_connections: [] })
    expect(res.body).toEqual(invalidBody("Payload validation error: 'Additional properties not allowed: enabled_connections'"))
  })

  it('answers 404 for an unknown id', async () => {
    const res = await api.patch('/api/v2/organizations/org_XXXXXXXXXXXXXXXX', { display_name: 'x' })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(NOT_FOUND)
  })
})

describe('DELETE /organizations/{id}', () => {
  it('deletes in one round trip, records the cleanup, frees the name, and 404s the second time', async () => {
    const org = await createOrganization()
    const res = await api.delete(`/api/v2/organizations/${org.id}`)
    expect(res.status).toBe(204)
    expect(res.body).toBe('')
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.get(`/api/v2/organizations/${org.id}`)).body).toEqual(NOT_FOUND)
    expect((await api.get(`/api/v2/organizations/name/${org.name}`)).body).toEqual(NOT_FOUND)
    const cleanup = await env.DB.prepare('SELECT kind, state FROM cleanups WHERE target_id = ?').bind(org.id).first()
    expect(cleanup).toEqual({ kind: 'organization', state: expect.any(String) })
    const again = await api.delete(`/api/v2/organizations/${org.id}`)
    expect(again.status).toBe(404)
    expect(again.body).toEqual(NOT_FOUND)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM cleanups WHERE target_id = ?').bind(org.id).first('n')).toBe(1)
    expect((await api.post('/api/v2/organizations', { name: org.name })).status).toBe(201)
  })
})
