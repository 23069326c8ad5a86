import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error } from '../helpers/api'
import { base as enabledBase, item as enabledItem, one as enabledOne, ORG_NOT_FOUND, SIGNUP_RULE, UNKNOWN_ORG, type Connection } from '../helpers/enabled-connections'
import { createConnection, createOrganization } from '../helpers/factories'

const base = (orgId: string) => `/api/v2/organizations/${orgId}/connections`
const one = (orgId: string, connectionId: string) => `${base(orgId)}/${connectionId}`
const NOT_ASSOCIATED = auth0Error(404, 'The organization connection does not exists.')
const invalidBody = (message: string) => auth0Error(400, message, 'invalid_body')

/** The 2026 item with Auth0's defaults, in the recorded key order, overridden by `settings`. */
const item = (c: Connection, settings: Record<string, unknown> = {}) => ({
  connection_id: c.id,
  ...(c.strategy === 'auth0' && { is_signup_enabled: false }),
  assign_membership_on_login: false,
  show_as_button: true,
  is_enabled: true,
  organization_access_level: 'none',
  ...settings,
  connection: { name: c.name, strategy: c.strategy },
})

async function added(orgId: string, c: Connection, settings: Record<string, unknown> = {}) {
  const res = await api.post(base(orgId), { connection_id: c.id, ...settings })
  if (res.status !== 201) throw new Error(`add failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

const stored = async (orgId: string) =>
  (await env.DB.prepare('SELECT connection_id, is_enabled FROM org_connections WHERE org_id = ? ORDER BY connection_id').bind(orgId).all()).results

describe('POST /organizations/{id}/connections', () => {
  it('adds a database connection with Auth0 defaults, in the recorded key order, in one D1 round trip', async () => {
    const org = await createOrganization()
    const conn = await createConnection('auth0')
    const res = await api.post(base(org.id), { connection_id: conn.id })
    expect(res.status).toBe(201)
    expect(res.body).toEqual(item(conn))
    expect(Object.keys(res.body)).toEqual([
      'connection_id', 'is_signup_enabled', 'assign_membership_on_login', 'show_as_button', 'is_enabled', 'organization_access_level', 'connection',
    ])
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
  })

  it('keeps every setting given; enterprise connections carry no is_signup_enabled', async () => {
    const org = await createOrganization()
    const okta = await createConnection('okta')
    const settings = { organization_connection_name: 'Okta SSO', assign_membership_on_login: true, show_as_button: false, is_enabled: false, organization_access_level: 'readonly' }
    const res = await api.post(base(org.id), { connection_id: okta.id, ...settings })
    expect(res.status).toBe(201)
    expect(res.body).toEqual(item(okta, settings))
    expect(res.body).not.toHaveProperty('is_signup_enabled')
    expect((await api.get(one(org.id, okta.id))).body).toEqual(res.body)
  })

  it('is the association enabled_connections serves: each API sees what the other added', async () => {
    const org = await createOrganization()
    const viaNew = await createConnection('auth0')
    const viaClassic = await createConnection('samlp')
    await added(org.id, viaNew, { assign_membership_on_login: true, is_signup_enabled: true })
    expect((await api.post(enabledBase(org.id), { connection_id: viaClassic.id, show_as_button: false })).status).toBe(201)
    expect((await api.get(enabledOne(org.id, viaNew.id))).body).toEqual(enabledItem(viaNew, { assign_membership_on_login: true, is_signup_enabled: true }))
    expect((await api.get(one(org.id, viaClassic.id))).body).toEqual(item(viaClassic, { show_as_button: false }))
    const both = [viaNew, viaClassic].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()))
    expect((await api.get(base(org.id))).body.map((c: { connection_id: string }) => c.connection_id)).toEqual(both.map((c) => c.id))
  })

  it('answers 409 for a connection already added through either API, changing nothing', async () => {
    const org = await createOrganization()
    const first = await createConnection('samlp')
    const second = await createConnection('samlp')
    await added(org.id, first, { show_as_button: false })
    await api.post(enabledBase(org.id), { connection_id: second.id })
    for (const conn of [first, second]) {
      const res = await api.post(base(org.id), { connection_id: conn.id, show_as_button: true })
      expect(res.status).toBe(409)
      expect(res.body).toEqual(auth0Error(409, 'The organization connection already exists.'))
    }
    const classic = await api.post(enabledBase(org.id), { connection_id: first.id })
    expect(classic.status).toBe(409)
    expect((await api.get(one(org.id, first.id))).body).toEqual(item(first, { show_as_button: false }))
  })

  it('holds the 10-connection limit across both APIs', async () => {
    const org = await createOrganization()
    const conns = await Promise.all(Array.from({ length: 11 }, () => createConnection('samlp')))
    for (const [i, conn] of conns.slice(0, 10).entries()) {
      if (i % 2) await added(org.id, conn, { is_enabled: false })
      else expect((await api.post(enabledBase(org.id), { connection_id: conn.id })).status).toBe(201)
    }
    const quota = auth0Error(409, 'Quota exceeded; cannot add more than 10 connections to a single organization')
    expect((await api.post(base(org.id), { connection_id: conns[10]!.id })).body).toEqual(quota)
    expect((await api.post(enabledBase(org.id), { connection_id: conns[10]!.id })).body).toEqual(quota)
    expect(await stored(org.id)).toHaveLength(10)
  })

  it('never holds more than 10 under concurrent adds through both APIs', async () => {
    const org = await createOrganization()
    const conns = await Promise.all(Array.from({ length: 24 }, () => createConnection('samlp')))
    const results = await Promise.all(conns.map((c, i) => api.post(i % 2 ? base(org.id) : enabledBase(org.id), { connection_id: c.id })))
    expect(results.filter((r) => r.status === 201)).toHaveLength(10)
    expect(results.filter((r) => r.status === 409)).toHaveLength(14)
    expect(await stored(org.id)).toHaveLength(10)
  })

  it('refuses signup where the rule forbids it, and unknown connections and organizations, writing nothing', async () => {
    const org = await createOrganization()
    const db = await createConnection('auth0')
    const saml = await createConnection('samlp')
    for (const body of [{ connection_id: db.id, is_signup_enabled: true }, { connection_id: saml.id, assign_membership_on_login: true, is_signup_enabled: true }]) {
      const res = await api.post(base(org.id), body)
      expect(res.status).toBe(400)
      expect(res.body).toEqual(SIGNUP_RULE)
    }
    const unknown = await api.post(base(org.id), { connection_id: 'con_0000000000000000' })
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual(auth0Error(404, 'The connection does not exist', 'inexistent_connection'))
    const noOrg = await api.post(base(UNKNOWN_ORG), { connection_id: db.id })
    expect(noOrg.status).toBe(404)
    expect(noOrg.body).toEqual(ORG_NOT_FOUND)
    expect(await stored(org.id)).toEqual([])
  })

  it.each([
    [{}, "Payload validation error: 'Missing required property: connection_id'"],
    [{ connection_id: 'con_x', is_default: true }, "Payload validation error: 'Additional properties not allowed: is_default'"],
    [
      { connection_id: 'con_x', organization_access_level: 'admin' },
      "Payload validation error: 'No enum match for: admin' on property organization_access_level (What the organization may see and do with the connection from its own dashboard: none (the default), readonly, limited or full.).",
    ],
    [
      { connection_id: 'con_x', organization_connection_name: 'n'.repeat(51) },
      "Payload validation error: 'String is too long (51 chars), maximum 50' on property organization_connection_name (The name the organization knows the connection by; absent unless set.).",
    ],
    [
      { connection_id: 'con_x', organization_connection_name: 'a\u0000b' },
      "Payload validation error: 'String does not match pattern ^[^\\u0000]*$: a\u0000b' on property organization_connection_name (The name the organization knows the connection by; absent unless set.).",
    ],
    [
      { connection_id: 'con_x', is_enabled: null },
      "Payload validation error: 'Expected type boolean but found type null' on property is_enabled (Whether the connection is enabled for the organization (listed by enabled_connections). Default: true.).",
    ],
  ])('refuses the body %j with invalid_body', async (body, message) => {
    const org = await createOrganization()
    const res = await api.post(base(org.id), body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalidBody(message))
  })

  it('demands create:organization_connections', async () => {
    const org = await createOrganization()
    const res = await api.post(base(org.id), { connection_id: 'con_x' }, { scopes: ['read:organization_connections'] })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: create:organization_connections', 'insufficient_scope'))
  })
})

describe('is_enabled: the classic view lists only enabled associations', () => {
  it('hides a disabled association from enabled_connections, and a classic POST enables it again', async () => {
    const org = await createOrganization()
    const conn = await createConnection('samlp')
    await added(org.id, conn, { is_enabled: false, organization_access_level: 'full', organization_connection_name: 'Corp' })
    expect((await api.get(enabledBase(org.id))).body).toEqual([])
    expect((await api.get(`${enabledBase(org.id)}?include_totals=true`)).body).toEqual({ enabled_connections: [], start: 0, limit: 0, total: 0 })
    expect((await api.get(enabledOne(org.id, conn.id))).status).toBe(404)
    expect((await api.patch(enabledOne(org.id, conn.id), { show_as_button: false })).status).toBe(404)

    const enabled = await api.post(enabledBase(org.id), { connection_id: conn.id, assign_membership_on_login: true })
    expect(enabled.status).toBe(201)
    expect(enabled.body).toEqual(enabledItem(conn, { assign_membership_on_login: true }))
    // What the classic API does not know is kept.
    expect((await api.get(one(org.id, conn.id))).body).toEqual(
      item(conn, { assign_membership_on_login: true, organization_access_level: 'full', organization_connection_name: 'Corp' }),
    )
  })
})

describe('GET /organizations/{id}/connections', () => {
  it('lists in connection id order, case-insensitively; filters by is_enabled; pages with totals', async () => {
    const org = await createOrganization()
    const conns = await Promise.all(Array.from({ length: 4 }, () => createConnection('samlp')))
    for (const [i, conn] of conns.entries()) await added(org.id, conn, { is_enabled: i !== 1 })
    const ordered = [...conns].sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1))
    const items = ordered.map((c) => item(c, { is_enabled: c !== conns[1] }))

    const bare = await api.get(base(org.id))
    expect(bare.body).toEqual(items)
    expect(bare.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.get(`${base(org.id)}?is_enabled=false`)).body).toEqual([item(conns[1]!, { is_enabled: false })])
    expect((await api.get(`${base(org.id)}?is_enabled=true&include_totals=true&page=0&per_page=50`)).body).toEqual({
      connections: items.filter((i) => i.is_enabled),
      start: 0,
      limit: 50,
      total: 3,
    })
    // Terraform reads pages until an empty one.
    expect((await api.get(`${base(org.id)}?include_totals=true&page=1&per_page=50`)).body).toEqual({ connections: [], start: 50, limit: 50, total: 4 })
    expect((await api.get(`${base(org.id)}?include_totals=true&page=1&per_page=3`)).body).toEqual({ connections: items.slice(3), start: 3, limit: 3, total: 4 })
  })

  it('answers the organization 404, and 400 for a bad query', async () => {
    expect((await api.get(base(UNKNOWN_ORG))).body).toEqual(ORG_NOT_FOUND)
    const org = await createOrganization()
    const res = await api.get(`${base(org.id)}?is_enabled=maybe`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(
      auth0Error(400, "Query validation error: 'Expected type boolean but found type string' on property is_enabled (Only the connections that are (true) or are not (false) enabled for the organization.).", 'invalid_query_string'),
    )
  })
})

describe('GET /organizations/{id}/connections/{connection_id}', () => {
  it("answers Auth0's 404 texts for a connection not associated and for an unknown organization", async () => {
    const org = await createOrganization()
    const conn = await createConnection('auth0')
    const res = await api.get(one(org.id, conn.id))
    expect(res.status).toBe(404)
    expect(res.body).toEqual(NOT_ASSOCIATED)
    expect((await api.get(one(UNKNOWN_ORG, conn.id))).body).toEqual(ORG_NOT_FOUND)
  })
})

describe('PATCH /organizations/{id}/connections/{connection_id}', () => {
  it('replaces the keys sent, keeps the others, and resets name, access level and is_enabled with null', async () => {
    const org = await createOrganization()
    const conn = await createConnection('auth0')
    await added(org.id, conn)
    const set = { organization_connection_name: 'Staff', organization_access_level: 'limited', is_enabled: false, assign_membership_on_login: true }
    const first = await api.patch(one(org.id, conn.id), set)
    expect(first.status).toBe(200)
    expect(first.body).toEqual(item(conn, set))
    expect(first.headers.get('x-d1-round-trips')).toBe('1')
    const second = await api.patch(one(org.id, conn.id), { is_signup_enabled: true })
    expect(second.body).toEqual(item(conn, { ...set, is_signup_enabled: true }))
    const reset = await api.patch(one(org.id, conn.id), { organization_connection_name: null, organization_access_level: null, is_enabled: null })
    expect(reset.body).toEqual(item(conn, { assign_membership_on_login: true, is_signup_enabled: true }))
    expect(reset.body).not.toHaveProperty('organization_connection_name')
  })

  it('checks the signup rule on the merged settings, and refuses null where Auth0 does', async () => {
    const org = await createOrganization()
    const conn = await createConnection('auth0')
    await added(org.id, conn, { assign_membership_on_login: true, is_signup_enabled: true })
    const res = await api.patch(one(org.id, conn.id), { assign_membership_on_login: false })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(SIGNUP_RULE)
    const nulled = await api.patch(one(org.id, conn.id), { show_as_button: null })
    expect(nulled.status).toBe(400)
    expect(nulled.body.message).toMatch(/^Payload validation error: 'Expected type boolean but found type null' on property show_as_button/)
    expect((await api.get(one(org.id, conn.id))).body).toEqual(item(conn, { assign_membership_on_login: true, is_signup_enabled: true }))
  })

  it('answers 404 for a connection not associated or an unknown org, and 400 for a null body', async () => {
    const org = await createOrganization()
    const conn = await createConnection('samlp')
    expect((await api.patch(one(org.id, conn.id), { show_as_button: false })).body).toEqual(NOT_ASSOCIATED)
    expect((await api.patch(one(UNKNOWN_ORG, conn.id), { show_as_button: false })).body).toEqual(ORG_NOT_FOUND)
    await added(org.id, conn)
    const res = await api.patch(one(org.id, conn.id), undefined, { rawBody: 'null', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalidBody("Payload validation error: 'Expected type object but found type null'"))
  })
})

describe('DELETE /organizations/{id}/connections/{connection_id}', () => {
  it('removes the association from both views, and answers 204 again when it is gone', async () => {
    const org = await createOrganization()
    const conn = await createConnection('samlp')
    await api.post(enabledBase(org.id), { connection_id: conn.id })
    for (let i = 0; i < 2; i++) {
      const res = await api.delete(one(org.id, conn.id))
      expect(res.status).toBe(204)
      expect(res.headers.get('x-d1-round-trips')).toBe('1')
    }
    expect((await api.get(enabledBase(org.id))).body).toEqual([])
    expect((await api.get(base(org.id))).body).toEqual([])
    expect((await api.delete(one(UNKNOWN_ORG, conn.id))).body).toEqual(ORG_NOT_FOUND)
  })
})
