import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error } from '../helpers/api'
import { createClient, createClientGrant, createOrganization } from '../helpers/factories'

const base = (orgId: string) => `/api/v2/organizations/${orgId}/client-grants`

const ORG_NOT_FOUND = auth0Error(404, 'No organization found by that id or name')
const GRANT_NOT_FOUND = auth0Error(404, 'The grant does not exist.', 'inexistent_client_grant')
const UNKNOWN_ORG = 'org_XXXXXXXXXXXXXXXX'
const UNKNOWN_GRANT = 'cgr_0000000000000000'

type Grant = Awaited<ReturnType<typeof createClientGrant>>
/** The list item: `id`, and subject_type defaulting to 'client'. */
const listed = (g: Grant) => ({
  id: g.id,
  client_id: g.client_id,
  audience: g.audience,
  scope: g.scope,
  organization_usage: g.organization_usage,
  allow_any_organization: g.allow_any_organization ?? false,
  subject_type: g.subject_type ?? 'client',
})

async function associated(orgId: string, grant: Grant) {
  const res = await api.post(base(orgId), { grant_id: grant.id })
  if (res.status !== 201) throw new Error(`associate failed: ${res.status} ${JSON.stringify(res.body)}`)
}

describe('POST /organizations/{id}/client-grants', () => {
  it('associates a grant and answers 201 with grant_id (not id), in one round trip', async () => {
    const org = await createOrganization()
    const grant = await createClientGrant({ scope: ['create:resource'] })
    const res = await api.post(base(org.id), { grant_id: grant.id })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      grant_id: grant.id,
      client_id: grant.client_id,
      audience: grant.audience,
      scope: ['create:resource'],
      organization_usage: 'allow',
      allow_any_organization: true,
    })
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
  })

  it('accepts a grant that requires organizations; an unset allow_any_organization reads false', async () => {
    const org = await createOrganization()
    const grant = await createClientGrant({ organization_usage: 'require', allow_any_organization: undefined })
    const res = await api.post(base(org.id), { grant_id: grant.id })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ grant_id: grant.id, organization_usage: 'require', allow_any_organization: false })
  })

  it('answers 404 inexistent_client_grant for a grant that does not exist', async () => {
    const org = await createOrganization()
    const res = await api.post(base(org.id), { grant_id: UNKNOWN_GRANT })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(GRANT_NOT_FOUND)
  })

  it('refuses a grant that does not allow organizations, writing nothing', async () => {
    const org = await createOrganization()
    for (const usage of ['deny', undefined]) {
      const grant = await createClientGrant({ organization_usage: usage })
      const res = await api.post(base(org.id), { grant_id: grant.id })
      expect(res.status).toBe(400)
      expect(res.body).toEqual(
        auth0Error(400, 'The client grant does not allow organizations: its organization_usage must be allow or require.', 'invalid_body'),
      )
    }
    expect((await api.get(base(org.id))).body).toEqual([])
  })

  it('answers 409 when the grant is already associated', async () => {
    const org = await createOrganization()
    const grant = await createClientGrant()
    await associated(org.id, grant)
    const res = await api.post(base(org.id), { grant_id: grant.id })
    expect(res.status).toBe(409)
    expect(res.body).toEqual(auth0Error(409, 'The client grant has already been added to this organization.'))
  })

  it('answers the organization 404 for an unknown org', async () => {
    const grant = await createClientGrant()
    const res = await api.post(base(UNKNOWN_ORG), { grant_id: grant.id })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(ORG_NOT_FOUND)
  })

  it('associates at most 100 grants with one organization', async () => {
    const org = await createOrganization()
    const { client_id } = await createClient()
    // Seeded in D1: 100 grants allowing organizations, 99 of them already associated.
    const stamp = new Date().toISOString()
    const ids = Array.from({ length: 100 }, (_, i) => `cgr_${org.id.slice(4, 17)}${String(i).padStart(3, '0')}`)
    await env.DB.batch([
      ...ids.map((id, i) =>
        env.DB.prepare(
          `INSERT INTO client_grants (id, client_id, audience, scope, organization_usage, created_at) VALUES (?, ?, ?, '[]', 'allow', ?)`,
        ).bind(id, client_id, `https://limit-${i}.${org.id.toLowerCase()}.example.com/`, stamp),
      ),
      ...ids.slice(0, 99).map((id) =>
        env.DB.prepare('INSERT INTO org_client_grants (org_id, grant_id, created_at) VALUES (?, ?, ?)').bind(org.id, id, stamp),
      ),
    ])
    expect((await api.post(base(org.id), { grant_id: ids[99] })).status).toBe(201)
    const extra = await createClientGrant()
    const res = await api.post(base(org.id), { grant_id: extra.id })
    expect(res.status).toBe(409)
    expect(res.body).toEqual(auth0Error(409, 'Quota exceeded; cannot add more than 100 client grants to a single organization'))
    expect((await api.get(`${base(org.id)}?include_totals=true&per_page=1`)).body.total).toBe(100)
  })

  it.each([
    [{}, "Payload validation error: 'Missing required property: grant_id'"],
    [{ grant_id: UNKNOWN_GRANT, id: 'x' }, "Payload validation error: 'Additional properties not allowed: id'"],
    [{ grant_id: 'nope' }, "Payload validation error: 'Object didn't pass validation for format client-grant-id: nope' on property grant_id (A Client Grant ID to add to the organization.)."],
    [{ grant_id: 7 }, "Payload validation error: 'Expected type string but found type integer' on property grant_id (A Client Grant ID to add to the organization.)."],
  ])('refuses the body %j with invalid_body', async (body, message) => {
    const org = await createOrganization()
    const res = await api.post(base(org.id), body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, message, 'invalid_body'))
  })
})

describe('GET /organizations/{id}/client-grants', () => {
  it('lists in association order with id and subject_type; limit is per_page', async () => {
    const org = await createOrganization()
    const first = await createClientGrant()
    const second = await createClientGrant({ subject_type: 'user', organization_usage: 'require' })
    await associated(org.id, first)
    await associated(org.id, second)
    const bare = await api.get(base(org.id))
    expect(bare.status).toBe(200)
    expect(bare.body).toEqual([listed(first), listed(second)])
    expect(bare.headers.get('x-d1-round-trips')).toBe('1')
    expect(Object.keys(bare.body[0])).toEqual(['id', 'client_id', 'audience', 'scope', 'organization_usage', 'allow_any_organization', 'subject_type'])

    const wrapped = await api.get(`${base(org.id)}?include_totals=true`)
    expect(wrapped.body).toEqual({ client_grants: [listed(first), listed(second)], start: 0, limit: 50, total: 2 })
    expect(wrapped.headers.get('x-d1-round-trips')).toBe('1')
    const page = await api.get(`${base(org.id)}?include_totals=true&page=1&per_page=1`)
    expect(page.body).toEqual({ client_grants: [listed(second)], start: 1, limit: 1, total: 2 })
  })

  it('filters by audience, client_id and grant_ids (one value or repeated)', async () => {
    const org = await createOrganization()
    const { client_id } = await createClient()
    const a = await createClientGrant({ client_id })
    const b = await createClientGrant({ client_id })
    const c = await createClientGrant()
    for (const g of [a, b, c]) await associated(org.id, g)
    const list = async (query: string) => (await api.get(`${base(org.id)}?include_totals=true&${query}`)).body

    expect(await list(`audience=${encodeURIComponent(b.audience)}`)).toEqual({ client_grants: [listed(b)], start: 0, limit: 50, total: 1 })
    expect((await list(`client_id=${client_id}`)).client_grants).toEqual([listed(a), listed(b)])
    expect((await list(`grant_ids=${c.id}`)).client_grants).toEqual([listed(c)])
    expect((await list(`grant_ids=${a.id}&grant_ids=${c.id}`)).client_grants).toEqual([listed(a), listed(c)])
    expect((await list(`grant_ids=${a.id}&grant_ids=${c.id}&client_id=${client_id}`)).client_grants).toEqual([listed(a)])
    expect(await list(`grant_ids=${UNKNOWN_GRANT}`)).toEqual({ client_grants: [], start: 0, limit: 50, total: 0 })
  })

  it('refuses more than 10 grant_ids and malformed ones', async () => {
    const org = await createOrganization()
    const description = 'Optional filter on the ID of the client grant. Must be URL encoded and may be specified multiple times (max 10).<br /><b>e.g.</b> <i>../client-grants?grant_ids=id1&grant_ids=id2</i>'
    const eleven = Array.from({ length: 11 }, () => `grant_ids=${UNKNOWN_GRANT}`).join('&')
    const tooMany = await api.get(`${base(org.id)}?${eleven}`)
    expect(tooMany.status).toBe(400)
    expect(tooMany.body).toEqual(auth0Error(400, `Query validation error: 'Array is too long (11), maximum 10' on property grant_ids (${description}).`, 'invalid_query_string'))
    const malformed = await api.get(`${base(org.id)}?grant_ids=nope`)
    expect(malformed.body).toEqual(
      auth0Error(400, `Query validation error: 'Object didn't pass validation for format client-grant-id: nope' on property grant_ids[0] (${description}).`, 'invalid_query_string'),
    )
  })

  it('answers the organization 404 for an unknown org', async () => {
    const res = await api.get(base(UNKNOWN_ORG))
    expect(res.status).toBe(404)
    expect(res.body).toEqual(ORG_NOT_FOUND)
  })
})

describe('DELETE /organizations/{id}/client-grants/{grant_id}', () => {
  it('removes the association in one round trip, idempotently, keeping the grant', async () => {
    const org = await createOrganization()
    const grant = await createClientGrant()
    await associated(org.id, grant)
    const res = await api.delete(`${base(org.id)}/${grant.id}`)
    expect(res.status).toBe(204)
    expect(res.body).toBe('')
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.get(`${base(org.id)}?include_totals=true`)).body).toEqual({ client_grants: [], start: 0, limit: 50, total: 0 })
    expect((await api.delete(`${base(org.id)}/${grant.id}`)).status).toBe(204)
    expect((await api.delete(`${base(org.id)}/${UNKNOWN_GRANT}`)).status).toBe(204)
    expect((await api.get(`/api/v2/client-grants/${grant.id}`)).status).toBe(200)
  })

  it('answers the organization 404 for an unknown org', async () => {
    const res = await api.delete(`${base(UNKNOWN_ORG)}/${UNKNOWN_GRANT}`)
    expect(res.status).toBe(404)
    expect(res.body).toEqual(ORG_NOT_FOUND)
  })
})

describe('scopes', () => {
  const SCOPES = ['create:organization_client_grants', 'read:organization_client_grants', 'delete:organization_client_grants']
  it.each([
    ['POST', '', 'create:organization_client_grants'],
    ['GET', '', 'read:organization_client_grants'],
    ['DELETE', `/${UNKNOWN_GRANT}`, 'delete:organization_client_grants'],
  ] as const)('%s %s needs %s (403 without it, 401 without a token)', async (method, suffix, scope) => {
    const org = await createOrganization()
    const path = `${base(org.id)}${suffix}`
    const call = (opts: Parameters<typeof api.get>[1]) =>
      method === 'GET' ? api.get(path, opts) : method === 'POST' ? api.post(path, { grant_id: UNKNOWN_GRANT }, opts) : api.delete(path, undefined, opts)
    const forbidden = await call({ scopes: ['read:organizations', ...SCOPES.filter((s) => s !== scope)] })
    expect(forbidden.status).toBe(403)
    expect(forbidden.body).toEqual(auth0Error(403, `Insufficient scope, expected any of: ${scope}`, 'insufficient_scope'))
    const anonymous = await call({ token: null })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body).toEqual(auth0Error(401, 'Missing authentication'))
    expect([200, 204, 404]).toContain((await call({ scopes: [scope] })).status)
  })
})
