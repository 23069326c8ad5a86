import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error } from '../helpers/api'
import { createClientGrant, createOrganization } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'

const orgsOf = (grantId: string) => `/api/v2/client-grants/${grantId}/organizations`
const associate = async (orgId: string, grantId: string) => {
  const res = await api.post(`/api/v2/organizations/${orgId}/client-grants`, { grant_id: grantId })
  if (res.status !== 201) throw new Error(`associate failed: ${res.status} ${JSON.stringify(res.body)}`)
}
const GRANT_NOT_FOUND = auth0Error(404, 'The grant does not exist.', 'inexistent_client_grant')

/** A grant associated with `n` new orgs, in that order. */
async function grantWithOrgs(n: number) {
  const grant = await createClientGrant()
  const orgs = []
  for (let i = 0; i < n; i++) {
    const org = await createOrganization({ display_name: `Org ${i}` })
    await associate(org.id, grant.id)
    orgs.push(org)
  }
  return { grant, orgs }
}

describe('GET /client-grants/{id}/organizations', () => {
  it('lists the associated organizations in association order, offset style, in one round trip', async () => {
    const { grant, orgs } = await grantWithOrgs(3)
    const bare = await api.get(orgsOf(grant.id))
    expect(bare.status).toBe(200)
    expect(bare.body).toEqual(orgs)
    expect(bare.headers.get('x-d1-round-trips')).toBe('1')
    const wrapped = await api.get(`${orgsOf(grant.id)}?include_totals=true&per_page=2&page=1`)
    expect(wrapped.body).toEqual({ organizations: [orgs[2]], start: 2, limit: 2, total: 3 })
    expect(wrapped.headers.get('x-d1-round-trips')).toBe('1')
  })

  it('pages by checkpoint when take or from is present, next only while more follow', async () => {
    const { grant, orgs } = await grantWithOrgs(3)
    const first = await api.get(`${orgsOf(grant.id)}?include_totals=true&take=2`)
    expect(first.body).toEqual({ organizations: orgs.slice(0, 2), next: expect.any(String) })
    expect(first.headers.get('x-d1-round-trips')).toBe('1')
    const second = await api.get(`${orgsOf(grant.id)}?take=2&from=${encodeURIComponent(first.body.next)}`)
    expect(second.body).toEqual({ organizations: [orgs[2]] })
    expect((await api.get(`${orgsOf(grant.id)}?include_totals=true&take=50`)).body).toEqual({ organizations: orgs })
    expect((await api.get(`${orgsOf(grant.id)}?take=3`)).body).toEqual({ organizations: orgs })
  })

  it('omits deleted organizations and removed associations', async () => {
    const { grant, orgs } = await grantWithOrgs(3)
    expect((await api.delete(`/api/v2/organizations/${orgs[0]!.id}`)).status).toBe(204)
    expect((await api.delete(`/api/v2/organizations/${orgs[1]!.id}/client-grants/${grant.id}`)).status).toBe(204)
    expect((await api.get(`${orgsOf(grant.id)}?include_totals=true`)).body).toEqual({ organizations: [orgs[2]], start: 0, limit: 50, total: 1 })
  })

  it('answers an empty list for a grant without organizations, and 404 for an unknown grant', async () => {
    const grant = await createClientGrant()
    expect((await api.get(orgsOf(grant.id))).body).toEqual([])
    expect((await api.get(`${orgsOf(grant.id)}?take=5`)).body).toEqual({ organizations: [] })
    for (const query of ['', '?take=5']) {
      const res = await api.get(`${orgsOf('cgr_0000000000000000')}${query}`)
      expect(res.status).toBe(404)
      expect(res.body).toEqual(GRANT_NOT_FOUND)
    }
  })

  it('refuses a garbage cursor', async () => {
    const grant = await createClientGrant()
    const res = await api.get(`${orgsOf(grant.id)}?from=garbage`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(
      auth0Error(400, "Query validation error: 'Invalid checkpoint' on property from (Optional Id from which to start selection.).", 'invalid_query_string'),
    )
  })

  it('needs read:organization_client_grants, as Auth0 does (read:organizations is not enough)', async () => {
    const grant = await createClientGrant()
    const res = await api.get(orgsOf(grant.id), { scopes: ['read:client_grants', 'read:organizations'] })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: read:organization_client_grants', 'insufficient_scope'))
    expect((await api.get(orgsOf(grant.id), { scopes: ['read:organization_client_grants'] })).status).toBe(200)
  })
})

describe('cascades', () => {
  it('deleting a client grant removes its associations', async () => {
    const { grant, orgs } = await grantWithOrgs(2)
    const kept = await createClientGrant()
    await associate(orgs[0]!.id, kept.id)
    expect((await api.delete(`/api/v2/client-grants/${grant.id}`)).status).toBe(204)
    await runPendingCleanups()
    expect((await api.get(`/api/v2/organizations/${orgs[0]!.id}/client-grants`)).body.map((g: { id: string }) => g.id)).toEqual([kept.id])
    expect((await api.get(`/api/v2/organizations/${orgs[1]!.id}/client-grants`)).body).toEqual([])
    const { results } = await env.DB.prepare('SELECT org_id FROM org_client_grants WHERE grant_id = ?').bind(grant.id).all()
    expect(results).toEqual([])
    expect((await api.get(orgsOf(grant.id))).body).toEqual(GRANT_NOT_FOUND)
  })

  it('deleting a client removes its grants and their associations', async () => {
    const { grant, orgs } = await grantWithOrgs(1)
    expect((await api.delete(`/api/v2/clients/${grant.client_id}`)).status).toBe(204)
    expect((await api.get(`/api/v2/organizations/${orgs[0]!.id}/client-grants`)).body).toEqual([])
  })

  it('uses the grant-order index for the keyset page', async () => {
    const { results } = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT o.id FROM org_client_grants a JOIN organizations o ON o.id = a.org_id
       WHERE a.grant_id = ?1 AND (a.created_at, a.org_id) > (?2, ?3) ORDER BY a.created_at, a.org_id LIMIT 5`,
    ).bind('cgr_x', '', '').all<{ detail: string }>()
    const plan = results.map((r) => r.detail).join('\n')
    expect(plan).toContain('org_client_grants_grant_order')
    expect(plan).not.toContain('TEMP B-TREE')
  })
})
