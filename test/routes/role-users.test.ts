import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error } from '../helpers/api'
import { createOrganization, createOrgRole, createRole, createUser } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'

const path = (roleId: string) => `/api/v2/roles/${roleId}/users`
const item = (u: { user_id: string; email: string; picture?: string; name?: string }) => ({
  user_id: u.user_id,
  email: u.email,
  ...(u.picture && { picture: u.picture }),
  ...(u.name && { name: u.name }),
})

describe('role users', () => {
  it('assigns (200 {}), lists offset-style with totals, and by checkpoint when take is sent (recorded shapes)', async () => {
    const role = await createRole()
    const users = await Promise.all(Array.from({ length: 3 }, () => createUser()))
    for (const u of users) {
      const res = await api.post(path(role.id), { users: [u.user_id] })
      expect(res.status).toBe(200)
      expect(res.body).toEqual({})
      expect(res.headers.get('x-d1-round-trips')).toBe('1')
    }
    const wrapped = await api.get(`${path(role.id)}?include_totals=true&per_page=50`)
    expect(wrapped.body).toEqual({ users: users.map(item), start: 0, limit: 50, total: 3 })
    expect(Object.keys(wrapped.body.users[0])).toEqual(['user_id', 'email', 'picture', 'name'].filter((k) => k in wrapped.body.users[0]))
    expect(wrapped.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.get(path(role.id))).body).toEqual(users.map(item))
    const first = await api.get(`${path(role.id)}?include_totals=true&per_page=50&take=2`)
    expect(first.body).toEqual({ users: users.slice(0, 2).map(item), next: expect.any(String) })
    expect(atob(first.body.next)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}UTC,auth0\|/)
    const last = await api.get(`${path(role.id)}?include_totals=true&per_page=50&take=2&from=${first.body.next}`)
    expect(last.body).toEqual({ users: [item(users[2]!)] })
    expect((await api.get(`${path(role.id)}?take=100`)).body).toEqual({ users: users.map(item) })
  })

  it('assigns every user of a request or none; assigning again changes nothing', async () => {
    const role = await createRole()
    const user = await createUser()
    const res = await api.post(path(role.id), { users: [user.user_id, 'auth0|ghost'] })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(auth0Error(404, 'One or more of the users do not exist.', 'inexistent_user'))
    expect((await api.get(path(role.id))).body).toEqual([])
    await api.post(path(role.id), { users: [user.user_id, user.user_id] })
    await api.post(path(role.id), { users: [user.user_id] })
    expect((await api.get(path(role.id))).body).toEqual([item(user)])
    expect((await api.post(path(role.id), { users: [] })).status).toBe(200)
  })

  it('refuses an organization role (assigned through the organization), an unknown role, bad ids', async () => {
    const org = await createOrganization()
    const orgRole = await createOrgRole(org.id)
    const user = await createUser()
    expect((await api.post(path(orgRole.id), { users: [user.user_id] })).body).toEqual(
      auth0Error(400, 'Organization roles can be assigned to members of the organization only, through its member roles.', 'invalid_body'),
    )
    const unknown = auth0Error(404, 'The role does not exist.', 'inexistent_role')
    expect((await api.post(path('rol_0000000000000000'), { users: [user.user_id] })).body).toEqual(unknown)
    expect((await api.get(path('rol_0000000000000000'))).body).toEqual(unknown)
    expect((await api.get(`${path('rol_0000000000000000')}?take=5`)).body).toEqual(unknown)
    expect((await api.post(path(orgRole.id), { users: ['no-pipe'] })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Object didn't pass validation for format user-id-with-max-length: no-pipe' on property users[0] (user_id's of the users to assign the role to.).", 'invalid_body'),
    )
  })

  it('drops the assignments of a deleted user or role through the queue', async () => {
    const [role, other] = [await createRole(), await createRole()]
    const [gone, kept] = [await createUser(), await createUser()]
    await api.post(path(role.id), { users: [gone.user_id, kept.user_id] })
    await api.post(path(other.id), { users: [kept.user_id] })
    await api.delete(`/api/v2/users/${encodeURIComponent(gone.user_id)}`)
    expect((await api.get(path(role.id))).body).toEqual([item(kept)])
    await api.delete(`/api/v2/roles/${role.id}`)
    await runPendingCleanups()
    const rows = await env.DB.prepare('SELECT role_id, user_id FROM role_users WHERE user_id IN (?, ?)').bind(gone.user_id, kept.user_id).all()
    expect(rows.results).toEqual([{ role_id: other.id, user_id: kept.user_id }])
  })

  it('needs one of its scopes', async () => {
    const role = await createRole()
    expect((await api.get(path(role.id), { scopes: ['read:role_members'] })).status).toBe(200)
    expect((await api.get(path(role.id), { scopes: ['read:clients'] })).body).toEqual(
      auth0Error(403, 'Insufficient scope, expected any of: read:users,read:roles,read:role_members', 'insufficient_scope'),
    )
    expect((await api.post(path(role.id), { users: [] }, { scopes: ['create:role_members'] })).status).toBe(200)
  })
})
