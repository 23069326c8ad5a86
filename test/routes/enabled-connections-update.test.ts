import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error } from '../helpers/api'
import { createConnection, createOrganization } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'
import { base, item, NOT_ENABLED, one, ORG_NOT_FOUND, SIGNUP_RULE, UNKNOWN_ORG, type Connection } from '../helpers/enabled-connections'


/** An org with `conn` enabled with `settings`. */
async function orgWith(conn: Connection, settings: Record<string, boolean> = {}) {
  const org = await createOrganization()
  const res = await api.post(base(org.id), { connection_id: conn.id, ...settings })
  if (res.status !== 201) throw new Error(`enable failed: ${res.status} ${JSON.stringify(res.body)}`)
  return org
}

describe('PATCH /organizations/{id}/enabled_connections/{connectionId}', () => {
  it('changes the keys sent, keeps the others, answers the whole item in one round trip', async () => {
    const conn = await createConnection('auth0')
    const org = await orgWith(conn, { assign_membership_on_login: true })
    const res = await api.patch(one(org.id, conn.id), { show_as_button: false })
    expect(res.status).toBe(200)
    expect(res.body).toEqual(item(conn, { assign_membership_on_login: true, show_as_button: false }))
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.get(one(org.id, conn.id))).body).toEqual(res.body)
    // An empty body changes nothing.
    expect((await api.patch(one(org.id, conn.id), {})).body).toEqual(res.body)
  })

  it('checks the signup rule on the merged settings', async () => {
    const conn = await createConnection('auth0')
    const org = await orgWith(conn, { assign_membership_on_login: true })
    // assign_membership_on_login is already true: signup alone is enough.
    const on = await api.patch(one(org.id, conn.id), { is_signup_enabled: true })
    expect(on.status).toBe(200)
    expect(on.body).toEqual(item(conn, { assign_membership_on_login: true, is_signup_enabled: true }))
    // Turning membership off while signup stays on breaks the rule; nothing changes.
    const off = await api.patch(one(org.id, conn.id), { assign_membership_on_login: false })
    expect(off.status).toBe(400)
    expect(off.body).toEqual(SIGNUP_RULE)
    expect((await api.get(one(org.id, conn.id))).body).toEqual(on.body)
    // Both off in one PATCH is fine.
    const both = await api.patch(one(org.id, conn.id), { assign_membership_on_login: false, is_signup_enabled: false })
    expect(both.body).toEqual(item(conn))
    // Signup without membership, on the stored (false) membership: refused.
    expect((await api.patch(one(org.id, conn.id), { is_signup_enabled: true })).body).toEqual(SIGNUP_RULE)
    // Both on in one PATCH: accepted.
    const together = await api.patch(one(org.id, conn.id), { assign_membership_on_login: true, is_signup_enabled: true })
    expect(together.body).toEqual(item(conn, { assign_membership_on_login: true, is_signup_enabled: true }))
  })

  it('refuses signup on a non-database connection, and accepts turning it off', async () => {
    const saml = await createConnection('samlp')
    const org = await orgWith(saml, { assign_membership_on_login: true })
    const res = await api.patch(one(org.id, saml.id), { is_signup_enabled: true })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(SIGNUP_RULE)
    const off = await api.patch(one(org.id, saml.id), { is_signup_enabled: false })
    expect(off.status).toBe(200)
    expect(off.body).toEqual(item(saml, { assign_membership_on_login: true }))
  })

  it('answers the recorded 404 for a connection not enabled, and the org 404 for an unknown org', async () => {
    const conn = await createConnection('auth0')
    const org = await createOrganization()
    const res = await api.patch(one(org.id, conn.id), { show_as_button: false })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(NOT_ENABLED)
    expect((await api.patch(one(UNKNOWN_ORG, conn.id), { show_as_button: false })).body).toEqual(ORG_NOT_FOUND)
  })

  it('refuses connection_id and unknown keys', async () => {
    const conn = await createConnection('auth0')
    const org = await orgWith(conn)
    const res = await api.patch(one(org.id, conn.id), { connection_id: conn.id })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, "Payload validation error: 'Additional properties not allowed: connection_id'", 'invalid_body'))
  })
})

describe('DELETE /organizations/{id}/enabled_connections/{connectionId}', () => {
  it('disables in one round trip, is idempotent, and keeps the tenant connection', async () => {
    const conn = await createConnection('auth0')
    const org = await orgWith(conn)
    const res = await api.delete(one(org.id, conn.id))
    expect(res.status).toBe(204)
    expect(res.body).toBe('')
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.get(one(org.id, conn.id))).body).toEqual(NOT_ENABLED)
    expect((await api.get(base(org.id))).body).toEqual([])
    const again = await api.delete(one(org.id, conn.id))
    expect(again.status).toBe(204)
    expect((await api.get(`/api/v2/connections/${conn.id}`)).status).toBe(200)
  })

  it('answers the org 404 for an unknown org', async () => {
    const res = await api.delete(one(UNKNOWN_ORG, 'con_0000000000000000'))
    expect(res.status).toBe(404)
    expect(res.body).toEqual(ORG_NOT_FOUND)
  })
})

describe('cascades', () => {
  it('deleting a connection disables it in every organization', async () => {
    const conn = await createConnection('auth0')
    const kept = await createConnection('samlp')
    const first = await orgWith(conn)
    const second = await orgWith(conn)
    await api.post(base(second.id), { connection_id: kept.id })
    expect((await api.delete(`/api/v2/connections/${conn.id}`)).status).toBeLessThan(300)
    await runPendingCleanups()
    for (const org of [first, second]) expect((await api.get(one(org.id, conn.id))).body).toEqual(NOT_ENABLED)
    expect((await api.get(base(second.id))).body).toEqual([item(kept)])
    const { results } = await env.DB.prepare('SELECT org_id FROM org_connections WHERE connection_id = ?').bind(conn.id).all()
    expect(results).toEqual([])
  })
})

describe('scopes', () => {
  const scoped = [
    ['POST', '', 'create:organization_connections'],
    ['GET', '', 'read:organization_connections'],
    ['GET', '/con_0000000000000000', 'read:organization_connections'],
    ['PATCH', '/con_0000000000000000', 'update:organization_connections'],
    ['DELETE', '/con_0000000000000000', 'delete:organization_connections'],
  ] as const

  it.each(scoped)('%s %s needs %s (403 without it, 401 without a token)', async (method, suffix, scope) => {
    const org = await createOrganization()
    const path = `${base(org.id)}${suffix}`
    const body = method === 'POST' ? { connection_id: 'con_0000000000000000' } : method === 'PATCH' ? {} : undefined
    const call = (opts: Parameters<typeof api.get>[1]) =>
      method === 'GET' ? api.get(path, opts) : method === 'POST' ? api.post(path, body, opts) : method === 'PATCH' ? api.patch(path, body, opts) : api.delete(path, undefined, opts)

    const others = ['read:organizations', 'create:organization_connections', 'read:organization_connections', 'update:organization_connections', 'delete:organization_connections'].filter((s) => s !== scope)
    const forbidden = await call({ scopes: others })
    expect(forbidden.status).toBe(403)
    expect(forbidden.body).toEqual(auth0Error(403, `Insufficient scope, expected any of: ${scope}`, 'insufficient_scope'))

    const anonymous = await call({ token: null })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body).toEqual({ ...auth0Error(401, 'Missing authentication') })

    const allowed = await call({ scopes: [scope] })
    expect([200, 201, 204, 404]).toContain(allowed.status)
  })
})
