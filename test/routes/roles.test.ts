import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import { createOrganization, createOrgRole } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'

describe('roles', () => {
  it('creates, reads, lists, updates and deletes a role', async () => {
    const name = unique('role')
    const created = await api.post('/api/v2/roles', { name, description: 'Admins' })
    expect(created.status).toBe(200)
    expect(created.body).toEqual({ id: expect.stringMatching(/^rol_[A-Za-z0-9]{16}$/), name, description: 'Admins', type: 'tenant' })
    const id = created.body.id

    expect((await api.get(`/api/v2/roles/${id}`)).body).toEqual(created.body)

    const list = await api.get(`/api/v2/roles?include_totals=true&name_filter=${name}`)
    expect(list.body).toEqual({ roles: [created.body], start: 0, limit: 50, total: 1 })
    expect((await api.get(`/api/v2/roles?name_filter=${name}`)).body).toEqual([created.body])

    const updated = await api.patch(`/api/v2/roles/${id}`, { description: 'Owners' })
    expect(updated.status).toBe(200)
    expect(updated.body).toEqual({ id, name, description: 'Owners', type: 'tenant' })

    const deleted = await api.delete(`/api/v2/roles/${id}`)
    expect(deleted.status).toBe(200)
    expect(deleted.body).toEqual({})
    const gone = await api.get(`/api/v2/roles/${id}`)
    expect(gone.status).toBe(404)
    expect(gone.body).toEqual(auth0Error(404, 'The role does not exist.', 'inexistent_role'))
  })

  it('omits an unset description from the create answer, and answers "" in later reads (recorded)', async () => {
    const name = unique('role')
    const created = await api.post('/api/v2/roles', { name })
    expect(created.body).toEqual({ id: expect.any(String), name, type: 'tenant' })
    expect((await api.get(`/api/v2/roles/${created.body.id}`)).body).toEqual({ ...created.body, description: '' })
    expect((await api.post('/api/v2/roles', { name: unique('role'), type: 'tenant' })).body).toEqual({ id: expect.any(String), name: expect.any(String), type: 'tenant' })
  })

  it('refuses a duplicate name with 409', async () => {
    const name = unique('role')
    await api.post('/api/v2/roles', { name })
    const dup = await api.post('/api/v2/roles', { name })
    expect(dup.status).toBe(409)
    expect(dup.body).toEqual(auth0Error(409, 'Role name already exists'))
  })

  it('filters by name as a case-insensitive substring, whatever its length or its % and _', async () => {
    const stem = unique('Filter')
    const long = await api.post('/api/v2/roles', { name: `${stem} ${'x'.repeat(200)}` })
    const wild = await api.post('/api/v2/roles', { name: `${stem} 100%_off` })
    const plain = await api.post('/api/v2/roles', { name: `${stem} 100 off` })
    const list = async (filter: string) => (await api.get(`/api/v2/roles?per_page=100&name_filter=${encodeURIComponent(filter)}`))
    // Reads carry description "" where the create answer leaves it out (recorded).
    const read = (res: { body: object }) => ({ ...res.body, description: '' })

    // D1 refuses a LIKE pattern over 50 bytes ("LIKE or GLOB pattern too complex"): these answered 500.
    const longFilter = await list(`${stem.toUpperCase()} ${'X'.repeat(200)}`)
    expect(longFilter.status).toBe(200)
    expect(longFilter.body).toEqual([read(long)])
    expect((await list('%_'.repeat(30))).body).toEqual([])
    // % and _ are matched as themselves, not as wildcards.
    expect((await list(`${stem} 100%_`)).body).toEqual([read(wild)])
    expect((await list(`${stem} 100_`)).body).toEqual([])
    expect((await list(stem.toLowerCase())).body).toEqual([read(long), read(wild), read(plain)])
  })

  it('validates the body with Auth0 messages', async () => {
    expect((await api.post('/api/v2/roles', {})).body).toEqual(
      auth0Error(400, "Payload validation error: 'Missing required property: name'", 'invalid_body'),
    )
    expect((await api.post('/api/v2/roles', { name: 'x', foo: 1 })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Additional properties not allowed: foo'", 'invalid_body'),
    )
    expect((await api.post('/api/v2/roles', { name: 5 })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Expected type string but found type integer' on property name (Name of the role.).", 'invalid_body'),
    )
  })

  it('validates the query', async () => {
    expect((await api.get('/api/v2/roles?per_page=101')).body).toEqual(
      auth0Error(400, "Query validation error: 'Value 101 is greater than maximum 100' on property per_page (Number of results per page. Defaults to 50.).", 'invalid_query_string'),
    )
    expect((await api.get('/api/v2/roles?page=abc')).body).toEqual(
      auth0Error(400, "Query validation error: 'Expected type integer but found type string' on property page (Page index of the results to return. First page is 0.).", 'invalid_query_string'),
    )
  })

  it('needs the scope of each operation', async () => {
    const res = await api.get('/api/v2/roles', { scopes: ['read:users'] })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: read:roles', 'insufficient_scope'))
  })
  it('needs the scope of each operation (role permissions and users too)', async () => {
    const denied = await api.post('/api/v2/roles/rol_0000000000000000/permissions', { permissions: [] }, { scopes: ['read:roles'] })
    expect(denied.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: update:roles', 'insufficient_scope'))
  })
})

describe('organization-level roles', () => {
  it('creates a role owned by an organization, in the recorded shape; type and owner_id are create-only', async () => {
    const org = await createOrganization()
    const name = unique('org-role')
    const created = await api.post('/api/v2/roles', { name, description: 'Operators', type: 'organization', owner_id: org.id })
    expect(created.status).toBe(200)
    expect(created.body).toEqual({ id: expect.stringMatching(/^rol_[A-Za-z0-9]{16}$/), name, description: 'Operators', type: 'organization', owner_id: org.id })
    expect(Object.keys(created.body)).toEqual(['id', 'name', 'description', 'type', 'owner_id'])
    expect(created.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.get(`/api/v2/roles/${created.body.id}`)).body).toEqual(created.body)
    for (const patch of [{ type: 'tenant' }, { owner_id: org.id }]) {
      const res = await api.patch(`/api/v2/roles/${created.body.id}`, patch)
      expect(res.body).toEqual(auth0Error(400, `Payload validation error: 'Additional properties not allowed: ${Object.keys(patch)[0]}'`, 'invalid_body'))
    }
    const renamed = await api.patch(`/api/v2/roles/${created.body.id}`, { description: 'Runs the ship' })
    expect(renamed.body).toEqual({ ...created.body, description: 'Runs the ship' })
  })

  it('filters the list by type and owner_id, with totals', async () => {
    const [org, other] = [await createOrganization(), await createOrganization()]
    const prefix = unique('filtered')
    const own = await createOrgRole(org.id, `${prefix}-own`)
    await createOrgRole(other.id, `${prefix}-other`)
    const tenant = (await api.post('/api/v2/roles', { name: `${prefix}-tenant` })).body
    const q = (extra: string) => api.get(`/api/v2/roles?include_totals=true&name_filter=${prefix}&${extra}`)
    const byOwner = await q(`type=organization&owner_id=${org.id}&page=0&per_page=100`)
    expect(byOwner.body).toEqual({ roles: [{ ...own, description: '' }], start: 0, limit: 100, total: 1 })
    expect(byOwner.headers.get('x-d1-round-trips')).toBe('1')
    expect((await q('type=tenant')).body).toEqual({ roles: [{ ...tenant, description: '' }], start: 0, limit: 50, total: 1 })
    expect((await q('type=organization')).body.total).toBe(2)
    expect((await q(`owner_id=${other.id}`)).body.total).toBe(1)
    expect((await api.get('/api/v2/roles?type=team')).body).toEqual(
      auth0Error(400, "Query validation error: 'No enum match for: team' on property type (Optional filter on the role type.).", 'invalid_query_string'),
    )
  })

  it('refuses an organization role without an existing owner, and an owner on a tenant role, writing nothing', async () => {
    const name = unique('bad-role')
    const post = async (body: Record<string, unknown>) => (await api.post('/api/v2/roles', { name, ...body })).body
    expect(await post({ type: 'organization' })).toEqual(auth0Error(400, "Payload validation error: 'Missing required property: owner_id'", 'invalid_body'))
    expect(await post({ owner_id: 'org_0000000000000000' })).toEqual(
      auth0Error(400, "Payload validation error: 'owner_id is allowed only when type is organization' on property owner_id (The ID of the organization that owns this role. Required when type is \"organization\".).", 'invalid_body'),
    )
    expect(await post({ type: 'tenant', owner_id: 'org_0000000000000000' })).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' })
    expect(await post({ type: 'organization', owner_id: 'org_0000000000000000' })).toEqual(
      auth0Error(400, "Payload validation error: 'The organization does not exist: org_0000000000000000' on property owner_id.", 'invalid_body'),
    )
    expect(await post({ type: 'team' })).toEqual(
      auth0Error(400, "Payload validation error: 'No enum match for: team' on property type (tenant (the default) or organization: a role of one organization, assignable only to its members.).", 'invalid_body'),
    )
    expect((await api.get(`/api/v2/roles?name_filter=${name}`)).body).toEqual([])
  })

  it("goes, with its permissions and assignments, when its organization is deleted; other organizations' roles stay", async () => {
    const [org, other] = [await createOrganization(), await createOrganization()]
    const own = await createOrgRole(org.id)
    const kept = await createOrgRole(other.id)
    const api0 = (await api.post('/api/v2/resource-servers', { identifier: `https://${unique('api')}.example.com/`, scopes: [{ value: 'read:x' }] })).body
    for (const role of [own, kept]) {
      await api.post(`/api/v2/roles/${role.id}/permissions`, { permissions: [{ resource_server_identifier: api0.identifier, permission_name: 'read:x' }] })
    }
    expect((await api.delete(`/api/v2/organizations/${org.id}`)).status).toBe(204)
    await runPendingCleanups()
    expect((await api.get(`/api/v2/roles/${own.id}`)).status).toBe(404)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM role_permissions WHERE role_id = ?').bind(own.id).first('n')).toBe(0)
    expect((await api.get(`/api/v2/roles/${kept.id}`)).body).toEqual({ ...kept, description: '' })
    expect((await api.get(`/api/v2/roles/${kept.id}/permissions`)).body).toHaveLength(1)
  })
})
