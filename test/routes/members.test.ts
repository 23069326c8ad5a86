import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error } from '../helpers/api'
import { createOrganization, createRole, createUser } from '../helpers/factories'

const NOT_FOUND = { statusCode: 404, error: 'Not Found', message: 'No organization found by that id or name' }
const enc = encodeURIComponent
const asMember = (u: { user_id: string; email: string; picture: string; name: string }) => ({
  user_id: u.user_id,
  email: u.email,
  picture: u.picture,
  name: u.name,
})

describe('POST /organizations/{id}/members', () => {
  it('adds members (204), lists them in membership order, and re-adding is a no-op', async () => {
    const org = await createOrganization()
    const [a, b, c] = [await createUser(), await createUser(), await createUser()]
    const add = await api.post(`/api/v2/organizations/${org.id}/members`, { members: [a.user_id, b.user_id] })
    expect(add.status).toBe(204)
    expect(add.body).toBe('')
    expect(add.headers.get('x-d1-round-trips')).toBe('2')
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [c.user_id, a.user_id] })
    const list = await api.get(`/api/v2/organizations/${org.id}/members`)
    expect(list.status).toBe(200)
    const firstTwo = [a, b].sort((x, y) => x.user_id.localeCompare(y.user_id)).map(asMember)
    expect(list.body).toEqual([...firstTwo, asMember(c)])
  })

  it('refuses unknown users, naming them, and writes nothing', async () => {
    const org = await createOrganization()
    const a = await createUser()
    const res = await api.post(`/api/v2/organizations/${org.id}/members`, { members: [a.user_id, 'auth0|nobody1', 'auth0|nobody2'] })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, 'One or more of the specified users do not exist: auth0|nobody1, auth0|nobody2', 'invalid_body'))
    expect((await api.get(`/api/v2/organizations/${org.id}/members`)).body).toEqual([])
  })

  it.each([
    [{}, "Payload validation error: 'Missing required property: members'"],
    [{ members: [] }, "Payload validation error: 'Array is too short (0), minimum 1' on property members (List of user IDs to add to the organization as members.)."],
    [{ members: Array.from({ length: 11 }, (_, i) => `auth0|${i}`) }, "Payload validation error: 'Array is too long (11), maximum 10' on property members (List of user IDs to add to the organization as members.)."],
    [{ members: ['nopipe'] }, "Payload validation error: 'Object didn't pass validation for format user-id-with-max-length: nopipe' on property members[0] (List of user IDs to add to the organization as members.)."],
    [{ members: 'auth0|1' }, "Payload validation error: 'Expected type array but found type string' on property members (List of user IDs to add to the organization as members.)."],
  ])('validates %j', async (body, message) => {
    const org = await createOrganization()
    const res = await api.post(`/api/v2/organizations/${org.id}/members`, body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, message, 'invalid_body'))
  })

  it('answers 404 for an unknown org and 403 without the scope', async () => {
    const u = await createUser()
    expect((await api.post('/api/v2/organizations/org_XXXXXXXXXXXXXXXX/members', { members: [u.user_id] })).body).toEqual(NOT_FOUND)
    const denied = await api.post('/api/v2/organizations/org_x/members', { members: [u.user_id] }, { scopes: ['read:organization_members'] })
    expect(denied.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: create:organization_members', 'insufficient_scope'))
  })
})

describe('DELETE /organizations/{id}/members', () => {
  it('removes members and their role assignments in that org only; idempotent', async () => {
    const [org, other] = [await createOrganization(), await createOrganization()]
    const [a, b] = [await createUser(), await createUser()]
    const role = await createRole()
    for (const o of [org, other]) {
      await api.post(`/api/v2/organizations/${o.id}/members`, { members: [a.user_id, b.user_id] })
      await api.post(`/api/v2/organizations/${o.id}/members/${enc(a.user_id)}/roles`, { roles: [role.id] })
    }
    const res = await api.delete(`/api/v2/organizations/${org.id}/members`, { members: [a.user_id, 'auth0|notamember'] })
    expect(res.status).toBe(204)
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.get(`/api/v2/organizations/${org.id}/members`)).body).toEqual([asMember(b)])
    const roles = await env.DB.prepare('SELECT org_id FROM org_member_roles WHERE user_id = ?').bind(a.user_id).all()
    expect(roles.results).toEqual([{ org_id: other.id }])
    expect((await api.delete(`/api/v2/organizations/${org.id}/members`, { members: [a.user_id] })).status).toBe(204)
    expect((await api.get(`/api/v2/users/${enc(a.user_id)}`)).status).toBe(200)
  })

  it('answers 404 for an unknown org and validates the body', async () => {
    expect((await api.delete('/api/v2/organizations/org_XXXXXXXXXXXXXXXX/members', { members: ['auth0|1'] })).body).toEqual(NOT_FOUND)
    const org = await createOrganization()
    expect((await api.delete(`/api/v2/organizations/${org.id}/members`, { members: [] })).status).toBe(400)
  })
})

describe('GET /organizations/{id}/members', () => {
  it('pages with checkpoints: every member once, next omitted on the last page, a cursor past the end answers []', async () => {
    const org = await createOrganization()
    const users = []
    for (let i = 0; i < 5; i++) users.push(await createUser())
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: users.map((u) => u.user_id) })
    const expected = users.map(asMember).sort((x, y) => x.user_id.localeCompare(y.user_id))
    const first = await api.get(`/api/v2/organizations/${org.id}/members?include_totals=true&take=2`)
    expect(first.body).toEqual({ members: expected.slice(0, 2), next: expect.any(String) })
    expect(first.headers.get('x-d1-round-trips')).toBe('1')
    const second = await api.get(`/api/v2/organizations/${org.id}/members?take=2&from=${enc(first.body.next)}`)
    expect(second.body).toEqual({ members: expected.slice(2, 4), next: expect.any(String) })
    const third = await api.get(`/api/v2/organizations/${org.id}/members?take=2&from=${enc(second.body.next)}`)
    expect(third.body).toEqual({ members: expected.slice(4) })
    const past = Buffer.from(`2999-01-01 00:00:00.000000UTC,auth0|zzz`).toString('base64')
    expect((await api.get(`/api/v2/organizations/${org.id}/members?take=2&from=${enc(past)}`)).body).toEqual({ members: [] })
    expect((await api.get(`/api/v2/organizations/${org.id}/members?from=garbage`)).status).toBe(400)
  })

  it('pages with offsets and totals, capped at 1000 records', async () => {
    const org = await createOrganization()
    const [a, b] = [await createUser(), await createUser()]
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [a.user_id, b.user_id] })
    const expected = [a, b].map(asMember).sort((x, y) => x.user_id.localeCompare(y.user_id))
    expect((await api.get(`/api/v2/organizations/${org.id}/members?include_totals=true&per_page=1&page=1`)).body).toEqual({
      members: [expected[1]],
      start: 1,
      limit: 1,
      total: 2,
    })
    expect((await api.get(`/api/v2/organizations/${org.id}/members?page=20&per_page=50`)).body).toEqual(
      auth0Error(400, 'Requesting page exceeds the allowed maximum of 1000 records.', 'invalid_paging'),
    )
  })

  it('returns roles only when asked, with the extra scope, without a query per member', async () => {
    const org = await createOrganization()
    const [a, b] = [await createUser(), await createUser()]
    const [r1, r2] = [await createRole(), await createRole()]
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [a.user_id, b.user_id] })
    await api.post(`/api/v2/organizations/${org.id}/members/${enc(a.user_id)}/roles`, { roles: [r1.id, r2.id] })
    const res = await api.get(`/api/v2/organizations/${org.id}/members?fields=user_id,roles&include_fields=true&take=50`)
    const byId = Object.fromEntries(res.body.members.map((m: any) => [m.user_id, m]))
    expect(byId[a.user_id]).toEqual({ user_id: a.user_id, roles: expect.arrayContaining([{ id: r1.id, name: r1.name }, { id: r2.id, name: r2.name }]) })
    expect(byId[a.user_id].roles).toHaveLength(2)
    expect(byId[b.user_id]).toEqual({ user_id: b.user_id, roles: [] })
    expect(res.headers.get('x-d1-round-trips')).toBe('1')

    expect((await api.get(`/api/v2/organizations/${org.id}/members?fields=user_id`)).body).toEqual(
      [a, b].map((u) => ({ user_id: u.user_id })).sort((x, y) => x.user_id.localeCompare(y.user_id)),
    )
    const withoutName = await api.get(`/api/v2/organizations/${org.id}/members?fields=name&include_fields=false`)
    expect(withoutName.body[0]).toEqual({ user_id: expect.any(String), email: expect.any(String), picture: expect.any(String) })

    const denied = await api.get(`/api/v2/organizations/${org.id}/members?fields=roles`, { scopes: ['read:organization_members'] })
    expect(denied.status).toBe(403)
    expect(denied.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: read:organization_member_roles', 'insufficient_scope'))
    expect((await api.get(`/api/v2/organizations/${org.id}/members?fields=age`)).body.errorCode).toBe('invalid_query_string')
  })

  it('answers 404 for an unknown org', async () => {
    expect((await api.get('/api/v2/organizations/org_XXXXXXXXXXXXXXXX/members?take=5')).body).toEqual(NOT_FOUND)
    expect((await api.get('/api/v2/organizations/org_XXXXXXXXXXXXXXXX/members')).body).toEqual(NOT_FOUND)
  })
})
