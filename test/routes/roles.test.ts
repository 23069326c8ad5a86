import { describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'

describe('roles', () => {
  it('creates, reads, lists, updates and deletes a role', async () => {
    const name = unique('role')
    const created = await api.post('/api/v2/roles', { name, description: 'Admins' })
    expect(created.status).toBe(200)
    expect(created.body).toEqual({ id: expect.stringMatching(/^rol_[A-Za-z0-9]{16}$/), name, description: 'Admins' })
    const id = created.body.id

    expect((await api.get(`/api/v2/roles/${id}`)).body).toEqual(created.body)

    const list = await api.get(`/api/v2/roles?include_totals=true&name_filter=${name}`)
    expect(list.body).toEqual({ roles: [created.body], start: 0, limit: 50, total: 1 })
    expect((await api.get(`/api/v2/roles?name_filter=${name}`)).body).toEqual([created.body])

    const updated = await api.patch(`/api/v2/roles/${id}`, { description: 'Owners' })
    expect(updated.status).toBe(200)
    expect(updated.body).toEqual({ id, name, description: 'Owners' })

    const deleted = await api.delete(`/api/v2/roles/${id}`)
    expect(deleted.status).toBe(200)
    expect(deleted.body).toEqual({})
    const gone = await api.get(`/api/v2/roles/${id}`)
    expect(gone.status).toBe(404)
    expect(gone.body).toEqual(auth0Error(404, 'The role does not exist.', 'inexistent_role'))
  })

  it('omits an unset description', async () => {
    const name = unique('role')
    const created = await api.post('/api/v2/roles', { name })
    expect(created.body).toEqual({ id: expect.any(String), name })
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

    // D1 refuses a LIKE pattern over 50 bytes ("LIKE or GLOB pattern too complex"): these answered 500.
    const longFilter = await list(`${stem.toUpperCase()} ${'X'.repeat(200)}`)
    expect(longFilter.status).toBe(200)
    expect(longFilter.body).toEqual([long.body])
    expect((await list('%_'.repeat(30))).body).toEqual([])
    // % and _ are matched as themselves, not as wildcards.
    expect((await list(`${stem} 100%_`)).body).toEqual([wild.body])
    expect((await list(`${stem} 100_`)).body).toEqual([])
    expect((await list(stem.toLowerCase())).body).toEqual([long.body, wild.body, plain.body])
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
})
