import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import { createOrganization, createOrgRole, createRole, createUser } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'

const NOT_FOUND = { statusCode: 404, error: 'Not Found', message: 'No organization found by that id or name' }
const enc = encodeURIComponent
const rolesPath = (orgId: string, userId: string) => `/api/v2/organizations/${orgId}/members/${enc(userId)}/roles`

describe('member roles', () => {
  it('assigns, lists and removes roles; removal is idempotent', async () => {
    const org = await createOrganization()
    const user = await createUser()
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] })
    const [r1, r2] = [await createRole(unique('role'), 'First'), await createRole()]
    const add = await api.post(rolesPath(org.id, user.user_id), { roles: [r1.id, r2.id] })
    expect(add.status).toBe(204)
    expect(Number(add.headers.get('x-d1-round-trips'))).toBeLessThanOrEqual(2)
    const list = await api.get(`${rolesPath(org.id, user.user_id)}?include_totals=true`)
    expect(list.body).toEqual({
      roles: [
        { id: r1.id, name: r1.name, description: 'First', type: 'tenant' },
        { id: r2.id, name: r2.name, description: '', type: 'tenant' },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)), // byte order, as SQLite compares; localeCompare folds case
      start: 0,
      limit: 50,
      total: 2,
    })
    expect(list.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.get(`${rolesPath(org.id, user.user_id)}?per_page=1`)).body).toHaveLength(1)
    expect((await api.delete(rolesPath(org.id, user.user_id), { roles: [r1.id] })).status).toBe(204)
    expect((await api.delete(rolesPath(org.id, user.user_id), { roles: [r1.id] })).status).toBe(204)
    expect((await api.get(rolesPath(org.id, user.user_id))).body).toEqual([{ id: r2.id, name: r2.name, description: '', type: 'tenant' }])
  })

  it('accepts roles for a user who is not a member yet; they show once the user joins', async () => {
    const org = await createOrganization()
    const user = await createUser()
    const role = await createRole()
    expect((await api.post(rolesPath(org.id, user.user_id), { roles: [role.id] })).status).toBe(204)
    expect((await api.get(`/api/v2/organizations/${org.id}/members`)).body).toEqual([])
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] })
    const members = await api.get(`/api/v2/organizations/${org.id}/members?fields=user_id,roles`)
    expect(members.body).toEqual([{ user_id: user.user_id, roles: [{ id: role.id, name: role.name }] }])
  })

  it('refuses unknown roles, naming them, and writes nothing', async () => {
    const org = await createOrganization()
    const user = await createUser()
    const role = await createRole()
    const res = await api.post(rolesPath(org.id, user.user_id), { roles: [role.id, 'rol_missing000000001'] })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, 'One or more of the specified roles do not exist: rol_missing000000001', 'invalid_body'))
    expect((await api.get(rolesPath(org.id, user.user_id))).body).toEqual([])
  })

  it('caps a member at 50 roles in an org with 409', async () => {
    const org = await createOrganization()
    const user = await createUser()
    const roleIds: string[] = []
    const now = new Date().toISOString()
    const seeds = Array.from({ length: 51 }, (_, i) => `rol_cap${org.id.slice(4, 12)}${String(i).padStart(4, '0')}`)
    await env.DB.batch(seeds.map((id) => env.DB.prepare('INSERT INTO roles (id, name, created_at) VALUES (?, ?, ?)').bind(id, id, now)))
    roleIds.push(...seeds)
    for (let i = 0; i < 50; i += 25) {
      expect((await api.post(rolesPath(org.id, user.user_id), { roles: roleIds.slice(i, i + 25) })).status).toBe(204)
    }
    const over = await api.post(rolesPath(org.id, user.user_id), { roles: [roleIds[50]] })
    expect(over.status).toBe(409)
    expect(over.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'No more roles can be assigned to this organization member.' })
    expect((await api.post(rolesPath(org.id, user.user_id), { roles: [roleIds[0]] })).status).toBe(204)
    expect((await api.get(`${rolesPath(org.id, user.user_id)}?include_totals=true&per_page=1`)).body.total).toBe(50)
  })

  it('takes role lists longer than D1 allows bound parameters (> 100 ids) without a 500', async () => {
    const org = await createOrganization()
    const user = await createUser()
    const role = await createRole()
    const ghosts = Array.from({ length: 120 }, (_, i) => `rol_ghost${String(i).padStart(11, '0')}`)
    const add = await api.post(rolesPath(org.id, user.user_id), { roles: [role.id, ...ghosts] })
    expect(add.status).toBe(400)
    expect(add.body).toEqual(auth0Error(400, `One or more of the specified roles do not exist: ${ghosts.join(', ')}`, 'invalid_body'))
    await api.post(rolesPath(org.id, user.user_id), { roles: [role.id] })
    const remove = await api.delete(rolesPath(org.id, user.user_id), { roles: [...ghosts, role.id] })
    expect(remove.status).toBe(204)
    expect(remove.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.get(rolesPath(org.id, user.user_id))).body).toEqual([])
  })

  it('answers 404 for an unknown org or user', async () => {
    const user = await createUser()
    const role = await createRole()
    expect((await api.post(rolesPath('org_XXXXXXXXXXXXXXXX', user.user_id), { roles: [role.id] })).body).toEqual(NOT_FOUND)
    expect((await api.get(rolesPath('org_XXXXXXXXXXXXXXXX', user.user_id))).body).toEqual(NOT_FOUND)
    expect((await api.delete(rolesPath('org_XXXXXXXXXXXXXXXX', user.user_id), { roles: [role.id] })).body).toEqual(NOT_FOUND)
    const org = await createOrganization()
    const unknownUser = auth0Error(404, 'The user does not exist.', 'inexistent_user')
    expect((await api.post(rolesPath(org.id, 'auth0|ghost'), { roles: [role.id] })).body).toEqual(unknownUser)
    expect((await api.get(rolesPath(org.id, 'auth0|ghost'))).body).toEqual(unknownUser)
  })

  it('validates bodies and scopes', async () => {
    const org = await createOrganization()
    const user = await createUser()
    expect((await api.post(rolesPath(org.id, user.user_id), { roles: [] })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Array is too short (0), minimum 1' on property roles (List of roles IDs to associated with the user.).", 'invalid_body'),
    )
    expect((await api.post(rolesPath(org.id, user.user_id), { roles: ['rol_1'], extra: true })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Additional properties not allowed: extra'", 'invalid_body'),
    )
    const denied = await api.get(rolesPath(org.id, user.user_id), { scopes: ['read:organization_members'] })
    expect(denied.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: read:organization_member_roles', 'insufficient_scope'))
  })
})

describe('organization-level roles as member roles', () => {
  const member = async (orgId: string) => {
    const user = await createUser()
    await api.post(`/api/v2/organizations/${orgId}/members`, { members: [user.user_id] })
    return user
  }

  it("assigns an organization's own role to its member; member-role items carry type and owner_id", async () => {
    const org = await createOrganization()
    const user = await member(org.id)
    const own = await createOrgRole(org.id, unique('org-role'), 'Operators')
    const tenant = await createRole()
    const add = await api.post(rolesPath(org.id, user.user_id), { roles: [own.id, tenant.id] })
    expect(add.status).toBe(204)
    expect(Number(add.headers.get('x-d1-round-trips'))).toBeLessThanOrEqual(2)
    const listed = (await api.get(rolesPath(org.id, user.user_id))).body
    expect(listed).toHaveLength(2)
    expect(listed).toContainEqual({ id: own.id, name: own.name, description: 'Operators', type: 'organization', owner_id: org.id })
    expect(listed).toContainEqual({ id: tenant.id, name: tenant.name, description: '', type: 'tenant' })
  })

  it("refuses another organization's role, and an organization role for a non-member, writing nothing", async () => {
    const [org, other] = [await createOrganization(), await createOrganization()]
    const user = await member(org.id)
    const foreign = await createOrgRole(other.id)
    const tenant = await createRole()
    const res = await api.post(rolesPath(org.id, user.user_id), { roles: [tenant.id, foreign.id] })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, `One or more of the specified roles belong to another organization: ${foreign.id}`, 'invalid_body'))
    const outsider = await createUser()
    const own = await createOrgRole(org.id)
    const notMember = await api.post(rolesPath(org.id, outsider.user_id), { roles: [own.id] })
    expect(notMember.status).toBe(400)
    expect(notMember.body).toEqual(auth0Error(400, `Organization roles can be assigned to members of the organization only: ${own.id}`, 'invalid_body'))
    expect((await api.get(rolesPath(org.id, user.user_id))).body).toEqual([])
    expect((await api.get(rolesPath(org.id, outsider.user_id))).body).toEqual([])
  })

  it('never lands an organization role on a user whose membership is removed concurrently', async () => {
    const org = await createOrganization()
    const roles = await Promise.all(Array.from({ length: 5 }, () => createOrgRole(org.id)))
    const users = await Promise.all(Array.from({ length: 5 }, () => member(org.id)))
    await Promise.all(
      users.flatMap((u) => [
        api.post(rolesPath(org.id, u.user_id), { roles: roles.map((r) => r.id) }),
        api.delete(`/api/v2/organizations/${org.id}/members`, { members: [u.user_id] }),
      ]),
    )
    const stray = await env.DB.prepare(
      `SELECT count(*) AS n FROM org_member_roles mr WHERE mr.org_id = ? AND NOT EXISTS
         (SELECT 1 FROM org_members m WHERE m.org_id = mr.org_id AND m.user_id = mr.user_id)`,
    )
      .bind(org.id)
      .first('n')
    expect(stray).toBe(0)
  })
})

describe('GET /users/{id}/organizations', () => {
  it("lists a user's organizations, never deleted ones", async () => {
    const user = await createUser()
    const [a, b] = [await createOrganization({ display_name: 'A' }), await createOrganization()]
    for (const o of [a, b]) await api.post(`/api/v2/organizations/${o.id}/members`, { members: [user.user_id] })
    const path = `/api/v2/users/${enc(user.user_id)}/organizations`
    expect((await api.get(path)).body).toEqual([a, b])
    expect((await api.get(`${path}?include_totals=true&per_page=1`)).body).toEqual({ organizations: [a], start: 0, limit: 1, total: 2 })
    await api.delete(`/api/v2/organizations/${a.id}`)
    expect((await api.get(`${path}?include_totals=true`)).body).toEqual({ organizations: [b], start: 0, limit: 50, total: 1 })
    expect((await api.get('/api/v2/users/auth0%7Cghost/organizations')).body).toEqual([])
  })

  it('deleting a user removes their memberships and role assignments', async () => {
    const user = await createUser()
    const org = await createOrganization()
    const role = await createRole()
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] })
    await api.post(rolesPath(org.id, user.user_id), { roles: [role.id] })
    expect((await api.delete(`/api/v2/users/${enc(user.user_id)}`)).status).toBe(204)
    // Invisible at once (member listings join users); the rows go with the queued cleanup.
    expect((await api.get(`/api/v2/organizations/${org.id}/members`)).body).toEqual([])
    await runPendingCleanups()
    expect((await api.get(`/api/v2/organizations/${org.id}/members`)).body).toEqual([])
    expect(await env.DB.prepare('SELECT count(*) AS n FROM org_member_roles WHERE user_id = ?').bind(user.user_id).first('n')).toBe(0)
  })

  it('deleting a role removes its assignments', async () => {
    const user = await createUser()
    const org = await createOrganization()
    const role = await createRole()
    await api.post(rolesPath(org.id, user.user_id), { roles: [role.id] })
    await api.delete(`/api/v2/roles/${role.id}`)
    expect((await api.get(rolesPath(org.id, user.user_id))).body).toEqual([])
    await runPendingCleanups()
    expect((await api.get(rolesPath(org.id, user.user_id))).body).toEqual([])
  })
})
