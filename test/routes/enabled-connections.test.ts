import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error } from '../helpers/api'
import { createConnection, createOrganization } from '../helpers/factories'
import { base, item, NOT_ENABLED, one, ORG_NOT_FOUND, SIGNUP_RULE, UNKNOWN_ORG, type Connection } from '../helpers/enabled-connections'


async function enabled(orgId: string, c: Connection, settings: Record<string, boolean> = {}) {
  const res = await api.post(base(orgId), { connection_id: c.id, ...settings })
  if (res.status !== 201) throw new Error(`enable failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

const storedFor = async (orgId: string) =>
  (await env.DB.prepare('SELECT connection_id FROM org_connections WHERE org_id = ?').bind(orgId).all()).results.length

describe('POST /organizations/{id}/enabled_connections', () => {
  it('enables a database connection with Auth0 defaults, in one D1 round trip', async () => {
    const org = await createOrganization()
    const conn = await createConnection('auth0')
    const res = await api.post(base(org.id), { connection_id: conn.id })
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(res.body).toEqual(item(conn))
    expect(Object.keys(res.body)).toEqual(['connection_id', 'assign_membership_on_login', 'is_signup_enabled', 'show_as_button', 'connection'])
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
  })

  it('omits is_signup_enabled for non-database connections and keeps the settings given', async () => {
    const org = await createOrganization()
    const saml = await createConnection('samlp')
    const res = await api.post(base(org.id), { connection_id: saml.id, assign_membership_on_login: true, show_as_button: false })
    expect(res.status).toBe(201)
    expect(res.body).toEqual(item(saml, { assign_membership_on_login: true, show_as_button: false }))
    expect(res.body).not.toHaveProperty('is_signup_enabled')
  })

  it('enables signup on a database connection that assigns membership on login', async () => {
    const org = await createOrganization()
    const conn = await createConnection('auth0')
    const res = await api.post(base(org.id), { connection_id: conn.id, assign_membership_on_login: true, is_signup_enabled: true })
    expect(res.status).toBe(201)
    expect(res.body).toEqual(item(conn, { assign_membership_on_login: true, is_signup_enabled: true }))
  })

  it('refuses signup on a non-database connection or without membership on login, writing nothing', async () => {
    const org = await createOrganization()
    const saml = await createConnection('samlp')
    const db = await createConnection('auth0')
    for (const body of [
      { connection_id: saml.id, assign_membership_on_login: true, is_signup_enabled: true },
      { connection_id: db.id, is_signup_enabled: true },
      { connection_id: db.id, assign_membership_on_login: false, is_signup_enabled: true },
    ]) {
      const res = await api.post(base(org.id), body)
      expect(res.status).toBe(400)
      expect(res.body).toEqual(SIGNUP_RULE)
    }
    expect(await storedFor(org.id)).toBe(0)
  })

  it('answers 404 inexistent_connection for a connection that does not exist', async () => {
    const org = await createOrganization()
    const res = await api.post(base(org.id), { connection_id: 'con_0000000000000000' })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(auth0Error(404, 'The connection does not exist', 'inexistent_connection'))
    expect(await storedFor(org.id)).toBe(0)
  })

  it('answers the organization 404 for an unknown or deleted org', async () => {
    const conn = await createConnection('auth0')
    const res = await api.post(base(UNKNOWN_ORG), { connection_id: conn.id })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(ORG_NOT_FOUND)
    const org = await createOrganization()
    expect((await api.delete(`/api/v2/organizations/${org.id}`)).status).toBe(204)
    const afterDelete = await api.post(base(org.id), { connection_id: conn.id })
    expect(afterDelete.body).toEqual(ORG_NOT_FOUND)
    expect(await storedFor(org.id)).toBe(0)
  })

  it('answers 409 when the connection is already enabled, keeping the first settings', async () => {
    const org = await createOrganization()
    const conn = await createConnection('samlp')
    await enabled(org.id, conn, { show_as_button: false })
    const res = await api.post(base(org.id), { connection_id: conn.id })
    expect(res.status).toBe(409)
    expect(res.body).toEqual(auth0Error(409, 'The organization connection already exists.'))
    expect((await api.get(one(org.id, conn.id))).body).toEqual(item(conn, { show_as_button: false }))
  })

  it('enables at most 10 connections per organization', async () => {
    const org = await createOrganization()
    const conns = await Promise.all(Array.from({ length: 11 }, () => createConnection('samlp')))
    for (const conn of conns.slice(0, 10)) await enabled(org.id, conn)
    const res = await api.post(base(org.id), { connection_id: conns[10]!.id })
    expect(res.status).toBe(409)
    expect(res.body).toEqual(auth0Error(409, 'Quota exceeded; cannot add more than 10 connections to a single organization'))
    expect(await storedFor(org.id)).toBe(10)
    // Freeing a slot makes room again.
    expect((await api.delete(one(org.id, conns[0]!.id))).status).toBe(204)
    expect((await api.post(base(org.id), { connection_id: conns[10]!.id })).status).toBe(201)
  })

  it('still lets POST /organizations enable exactly 10 connections', async () => {
    const conns = await Promise.all(Array.from({ length: 10 }, () => createConnection('samlp')))
    const org = await createOrganization({ enabled_connections: conns.map((c) => ({ connection_id: c.id })) })
    expect(await storedFor(org.id)).toBe(10)
  })

  it.each([
    [{}, "Payload validation error: 'Missing required property: connection_id'"],
    [{ connection_id: 'con_x', foo: 1 }, "Payload validation error: 'Additional properties not allowed: foo'"],
    [
      { connection_id: 'con_x', assign_membership_on_login: 'yes' },
      "Payload validation error: 'Expected type boolean but found type string' on property assign_membership_on_login (When true, all users that log in with this connection will be automatically granted membership in the organization. When false, users must be granted membership in the organization before logging in with this connection).",
    ],
    [{ connection_id: '' }, "Payload validation error: 'String is too short (0 chars), minimum 1' on property connection_id (Single connection ID to add to the organization)."],
  ])('refuses the body %j with invalid_body', async (body, message) => {
    const org = await createOrganization()
    const res = await api.post(base(org.id), body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, message, 'invalid_body'))
  })
})

describe('GET /organizations/{id}/enabled_connections', () => {
  it('lists in the order enabled: a bare array, or the wrapper whose limit is the count returned', async () => {
    const org = await createOrganization()
    const db = await createConnection('auth0')
    const saml = await createConnection('samlp')
    await enabled(org.id, db, { assign_membership_on_login: true, is_signup_enabled: true })
    await enabled(org.id, saml)
    const items = [item(db, { assign_membership_on_login: true, is_signup_enabled: true }), item(saml)]

    const bare = await api.get(base(org.id))
    expect(bare.status).toBe(200)
    expect(bare.body).toEqual(items)
    expect(bare.headers.get('x-d1-round-trips')).toBe('1')

    const wrapped = await api.get(`${base(org.id)}?include_totals=true&per_page=50`)
    expect(wrapped.body).toEqual({ enabled_connections: items, start: 0, limit: 2, total: 2 })
    expect(wrapped.headers.get('x-d1-round-trips')).toBe('1')

    const second = await api.get(`${base(org.id)}?include_totals=true&page=1&per_page=1`)
    expect(second.body).toEqual({ enabled_connections: [items[1]], start: 1, limit: 1, total: 2 })
    const past = await api.get(`${base(org.id)}?include_totals=true&page=5&per_page=1`)
    expect(past.body).toEqual({ enabled_connections: [], start: 5, limit: 0, total: 2 })
  })

  it('answers an empty list for an org without connections', async () => {
    const org = await createOrganization()
    expect((await api.get(base(org.id))).body).toEqual([])
    expect((await api.get(`${base(org.id)}?include_totals=true`)).body).toEqual({ enabled_connections: [], start: 0, limit: 0, total: 0 })
  })

  it('answers the organization 404 for an unknown org', async () => {
    const res = await api.get(base(UNKNOWN_ORG))
    expect(res.status).toBe(404)
    expect(res.body).toEqual(ORG_NOT_FOUND)
  })

  it('refuses a bad per_page with invalid_query_string', async () => {
    const org = await createOrganization()
    const res = await api.get(`${base(org.id)}?per_page=101`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(
      auth0Error(400, "Query validation error: 'Value 101 is greater than maximum 100' on property per_page (Number of results per page. Defaults to 50.).", 'invalid_query_string'),
    )
  })
})

describe('GET /organizations/{id}/enabled_connections/{connectionId}', () => {
  it('answers the item in one round trip', async () => {
    const org = await createOrganization()
    const conn = await createConnection('auth0')
    await enabled(org.id, conn, { show_as_button: false })
    const res = await api.get(one(org.id, conn.id))
    expect(res.status).toBe(200)
    expect(res.body).toEqual(item(conn, { show_as_button: false }))
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
  })

  it('answers the recorded 404 (no errorCode) for a connection not enabled on the org', async () => {
    const org = await createOrganization()
    const other = await createOrganization()
    const conn = await createConnection('auth0')
    await enabled(other.id, conn)
    for (const id of [conn.id, 'con_0000000000000000']) {
      const res = await api.get(one(org.id, id))
      expect(res.status).toBe(404)
      expect(res.body).toEqual(NOT_ENABLED)
    }
  })

  it('answers the organization 404 for an unknown org, and invalid_uri for a long id', async () => {
    const conn = await createConnection('auth0')
    expect((await api.get(one(UNKNOWN_ORG, conn.id))).body).toEqual(ORG_NOT_FOUND)
    const res = await api.get(one(UNKNOWN_ORG, 'c'.repeat(51)))
    expect(res.status).toBe(400)
    expect(res.body).toEqual(
      auth0Error(400, "Path validation error: 'String is too long (51 chars), maximum 50' on property connectionId (Connection identifier.).", 'invalid_uri'),
    )
  })
})
