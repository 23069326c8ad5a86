import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error } from '../helpers/api'
import { createResourceServer, createRole } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'

const path = (roleId: string) => `/api/v2/roles/${roleId}/permissions`
const UNKNOWN_ROLE = auth0Error(404, 'The role does not exist.', 'inexistent_role')

async function api0(name?: string) {
  return createResourceServer([], {
    ...(name && { name }),
    scopes: [{ value: 'create:foo', description: 'Can create Foo' }, { value: 'read:foo', description: 'Can read Foo' }, { value: 'plain:foo' }],
  })
}

describe('role permissions', () => {
  it('adds (201 {}), lists in the recorded shape and order with totals, removes (204, idempotent)', async () => {
    const role = await createRole()
    const server = await api0('Foo API')
    const perm = (name: string) => ({ resource_server_identifier: server.identifier, permission_name: name })
    const added = await api.post(path(role.id), { permissions: [perm('read:foo'), perm('create:foo'), perm('plain:foo')] })
    expect(added.status).toBe(201)
    expect(added.body).toEqual({})
    expect(added.headers.get('x-d1-round-trips')).toBe('1')
    const listed = await api.get(`${path(role.id)}?include_totals=true&page=0&per_page=100`)
    const item = (name: string, description?: string) => ({
      permission_name: name,
      ...(description && { description }),
      resource_server_name: 'Foo API',
      resource_server_identifier: server.identifier,
    })
    expect(listed.body).toEqual({
      permissions: [item('create:foo', 'Can create Foo'), item('plain:foo'), item('read:foo', 'Can read Foo')],
      start: 0,
      limit: 100,
      total: 3,
    })
    expect(Object.keys(listed.body.permissions[0])).toEqual(['permission_name', 'description', 'resource_server_name', 'resource_server_identifier'])
    expect(listed.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.get(`${path(role.id)}?per_page=1&page=2`)).body).toEqual([item('read:foo', 'Can read Foo')])
    // Adding a permission the role has changes nothing.
    expect((await api.post(path(role.id), { permissions: [perm('read:foo')] })).status).toBe(201)
    const removed = await api.delete(path(role.id), { permissions: [perm('read:foo'), perm('plain:foo')] })
    expect(removed.status).toBe(204)
    expect(removed.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.delete(path(role.id), { permissions: [perm('read:foo'), { resource_server_identifier: 'https://nowhere/', permission_name: 'x' }] })).status).toBe(204)
    expect((await api.get(`${path(role.id)}?include_totals=true`)).body).toEqual({ permissions: [item('create:foo', 'Can create Foo')], start: 0, limit: 50, total: 1 })
  })

  it('refuses permissions outside their server, and unknown servers, adding none of the request', async () => {
    const role = await createRole()
    const server = await api0()
    const res = await api.post(path(role.id), {
      permissions: [
        { resource_server_identifier: server.identifier, permission_name: 'read:foo' },
        { resource_server_identifier: server.identifier, permission_name: 'delete:foo' },
      ],
    })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, `One or more of the specified permissions are not scopes of their resource server: delete:foo (${server.identifier})`, 'invalid_body'))
    const unknown = await api.post(path(role.id), {
      permissions: [{ resource_server_identifier: server.identifier, permission_name: 'read:foo' }, { resource_server_identifier: 'https://nowhere.example.com/', permission_name: 'read:foo' }],
    })
    expect(unknown.body).toEqual(auth0Error(400, 'One or more of the specified resource servers do not exist: https://nowhere.example.com/', 'invalid_body'))
    expect((await api.get(path(role.id))).body).toEqual([])
  })

  it("takes the Management API's scopes, described", async () => {
    const role = await createRole()
    await api.post(path(role.id), { permissions: [{ resource_server_identifier: env.API_AUDIENCE, permission_name: 'read:users' }] })
    expect((await api.get(path(role.id))).body).toEqual([
      { permission_name: 'read:users', description: 'Read users', resource_server_name: 'Auth0 Management API', resource_server_identifier: env.API_AUDIENCE },
    ])
  })

  it('answers the role 404 for an unknown role, and validates bodies', async () => {
    const body = { permissions: [{ resource_server_identifier: 'https://x/', permission_name: 'read:x' }] }
    expect((await api.get(path('rol_0000000000000000'))).body).toEqual(UNKNOWN_ROLE)
    expect((await api.post(path('rol_0000000000000000'), body)).body).toEqual(UNKNOWN_ROLE)
    expect((await api.delete(path('rol_0000000000000000'), body)).body).toEqual(UNKNOWN_ROLE)
    const role = await createRole()
    expect((await api.post(path(role.id), { permissions: [] })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Array is too short (0), minimum 1' on property permissions (array of resource_server_identifier, permission_name pairs.).", 'invalid_body'),
    )
    expect((await api.post(path(role.id), { permissions: [{ permission_name: 'read:x' }] })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Missing required property: resource_server_identifier' on property permissions[0] (array of resource_server_identifier, permission_name pairs.).", 'invalid_body'),
    )
  })

  it('goes with its role: deleting the role removes its permissions through the queue', async () => {
    const role = await createRole()
    const server = await api0()
    await api.post(path(role.id), { permissions: [{ resource_server_identifier: server.identifier, permission_name: 'read:foo' }] })
    await api.delete(`/api/v2/roles/${role.id}`)
    await runPendingCleanups()
    expect(await env.DB.prepare('SELECT count(*) AS n FROM role_permissions WHERE role_id = ?').bind(role.id).first('n')).toBe(0)
  })
})
