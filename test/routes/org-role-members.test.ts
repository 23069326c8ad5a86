import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error } from '../helpers/api'
import { createOrganization, createOrgRole, createRole, createUser } from '../helpers/factories'

const path = (orgId: string, roleId: string) => `/api/v2/organizations/${orgId}/roles/${roleId}/members`
const rolesOf = (orgId: string, userId: string) => `/api/v2/organizations/${orgId}/members/${encodeURIComponent(userId)}/roles`
const item = (u: { user_id: string; email: string; picture?: string; name?: string }) => ({
  user_id: u.user_id,
  email: u.email,
  ...(u.picture && { picture: u.picture }),
  ...(u.name && { name: u.name }),
})

async function membersWithRole(orgId: string, roleId: string, n: number) {
  const users = []
  for (let i = 0; i < n; i++) {
    const user = await createUser()
    await api.post(`/api/v2/organizations/${orgId}/members`, { members: [user.user_id] })
    await api.post(rolesOf(orgId, user.user_id), { roles: [roleId] })
    users.push(user)
  }
  return users
}

describe('GET /organizations/{id}/roles/{role_id}/members', () => {
  it('lists the members holding the role in assignment order, by checkpoint, one round trip per page', async () => {
    const org = await createOrganization()
    const role = await createOrgRole(org.id)
    const users = await membersWithRole(org.id, role.id, 3)
    // Another org's holder of a tenant role, and a member without the role, are not listed.
    const res = await api.get(`${path(org.id, role.id)}?include_fields=true&take=50`)
    expect(res.body).toEqual({ members: users.map(item) })
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
    const first = await api.get(`${path(org.id, role.id)}?take=2`)
    expect(first.body).toEqual({ members: users.slice(0, 2).map(item), next: expect.any(String) })
    const last = await api.get(`${path(org.id, role.id)}?take=2&from=${encodeURIComponent(first.body.next)}`)
    expect(last.body).toEqual({ members: [item(users[2]!)] })
    expect(last.headers.get('x-d1-round-trips')).toBe('1')
  })

  it('only lists members of this organization with a direct assignment there; an empty list is {"members":[]} (recorded)', async () => {
    const [org, other] = [await createOrganization(), await createOrganization()]
    const role = await createRole()
    const [holder] = await membersWithRole(other.id, role.id, 1)
    const plain = await createUser()
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [plain.user_id, holder!.user_id] })
    expect((await api.get(`${path(org.id, role.id)}?include_fields=true&take=50`)).body).toEqual({ members: [] })
    // A role given before joining shows once the user is a member.
    const later = await createUser()
    await api.post(rolesOf(org.id, later.user_id), { roles: [role.id] })
    expect((await api.get(path(org.id, role.id))).body).toEqual({ members: [] })
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [later.user_id] })
    expect((await api.get(path(org.id, role.id))).body).toEqual({ members: [item(later)] })
  })

  it('chooses keys with fields / include_fields, caps take at 100, and refuses bad queries', async () => {
    const org = await createOrganization()
    const role = await createRole()
    const [user] = await membersWithRole(org.id, role.id, 1)
    expect((await api.get(`${path(org.id, role.id)}?fields=user_id,email`)).body).toEqual({ members: [{ user_id: user!.user_id, email: user!.email }] })
    const excluded = (await api.get(`${path(org.id, role.id)}?fields=email&include_fields=false`)).body.members[0]
    expect(excluded).toEqual({ ...item(user!), email: undefined })
    expect(excluded).not.toHaveProperty('email')
    expect((await api.get(`${path(org.id, role.id)}?take=500`)).status).toBe(200)
    expect((await api.get(`${path(org.id, role.id)}?take=0`)).status).toBe(400)
    expect((await api.get(`${path(org.id, role.id)}?fields=password`)).body).toMatchObject({ statusCode: 400, errorCode: 'invalid_query_string' })
    expect((await api.get(`${path(org.id, role.id)}?from=garbage`)).body).toEqual(
      auth0Error(400, "Query validation error: 'Invalid checkpoint' on property from (Optional Id from which to start selection.).", 'invalid_query_string'),
    )
  })

  it('answers the org 404 and the role 404, and needs read:organization_member_roles', async () => {
    const org = await createOrganization()
    const role = await createRole()
    expect((await api.get(path('org_0000000000000000', role.id))).body).toEqual(auth0Error(404, 'No organization found by that id or name'))
    expect((await api.get(path(org.id, 'rol_0000000000000000'))).body).toEqual(auth0Error(404, 'The role does not exist.', 'inexistent_role'))
    expect((await api.get(path(org.id, role.id), { scopes: ['read:organization_members'] })).body).toEqual(
      auth0Error(403, 'Insufficient scope, expected any of: read:organization_member_roles', 'insufficient_scope'),
    )
  })

  it('reads one index range per page at 100,000 members holding the role', async () => {
    const org = await createOrganization()
    const role = await createRole()
    // Seeded straight into D1, 5,000 users, memberships and assignments per batch (the API would take hours).
    const total = 100_000
    const now = Date.now()
    const stamp = (i: number) => new Date(now + i).toISOString()
    for (let start = 0; start < total; start += 5000) {
      const ids = Array.from({ length: 5000 }, (_, i) => start + i)
      const json = JSON.stringify(ids.map((i) => ({ u: `auth0|m${String(i).padStart(6, '0')}`, t: stamp(i) })))
      await env.DB.batch([
        env.DB.prepare(`INSERT INTO users (user_id, connection, email, created_at, updated_at)
          SELECT json_extract(value, '$.u'), 'c', NULL, json_extract(value, '$.t'), json_extract(value, '$.t') FROM json_each(?)`).bind(json),
        env.DB.prepare(`INSERT INTO org_members (org_id, user_id, created_at) SELECT ?1, json_extract(value, '$.u'), json_extract(value, '$.t') FROM json_each(?2)`).bind(org.id, json),
        env.DB.prepare(`INSERT INTO org_member_roles (org_id, user_id, role_id, created_at)
          SELECT ?1, json_extract(value, '$.u'), ?3, json_extract(value, '$.t') FROM json_each(?2)`).bind(org.id, json, role.id),
      ])
    }
    let from = ''
    for (let page = 0; page < 3; page++) {
      const res = await api.get(`${path(org.id, role.id)}?take=100${from ? `&from=${encodeURIComponent(from)}` : ''}`)
      expect(res.body.members).toHaveLength(100)
      expect(res.headers.get('x-d1-round-trips')).toBe('1')
      from = res.body.next
    }
    const plan = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT mr.user_id FROM org_member_roles mr
         JOIN org_members m ON m.org_id = mr.org_id AND m.user_id = mr.user_id JOIN users u ON u.user_id = mr.user_id
       WHERE mr.org_id = ?1 AND mr.role_id = ?2 AND (mr.created_at, mr.user_id) > (?3, ?4) ORDER BY mr.created_at, mr.user_id LIMIT 101`,
    )
      .bind(org.id, role.id, '', '')
      .all<{ detail: string }>()
    const steps = plan.results.map((r) => r.detail).join(' | ')
    expect(steps).toMatch(/SEARCH mr USING (COVERING )?INDEX org_member_roles_role_order/)
    expect(steps).not.toContain('TEMP B-TREE')
  })
})
