import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import { ORG_NOT_FOUND, UNKNOWN_ORG } from '../helpers/enabled-connections'
import { createOrganization } from '../helpers/factories'

const base = (orgId: string) => `/api/v2/organizations/${orgId}/discovery-domains`
const one = (orgId: string, id: string) => `${base(orgId)}/${id}`
const byName = (orgId: string, domain: string) => `${base(orgId)}/name/${domain}`
const NOT_FOUND = auth0Error(404, 'No organization domain found by that id')
const DUPLICATE = auth0Error(409, 'An organization discovery domain with this domain is already registered to this organization.')
const CLAIMED = auth0Error(409, 'This domain is already verified for organization discovery by another organization.')
const invalidBody = (message: string) => auth0Error(400, message, 'invalid_body')
const DOMAIN_DESCRIPTION = 'The email domain, a host name; compared case-insensitively and kept in lower case.'

const domainName = () => `${unique('d')}.example.com`

/** The recorded item: defaults pending and discovery on, the TXT record at `_ss-verification.<org>.<domain>`. */
const item = (orgId: string, domain: string, over: Record<string, unknown> = {}) => ({
  id: expect.stringMatching(/^ord_[A-Za-z0-9]{22}$/),
  domain,
  status: 'pending',
  verification_host: `_ss-verification.${orgId}.${domain}`,
  verification_txt: expect.stringMatching(/^[0-9a-f]{32}$/),
  use_for_organization_discovery: true,
  ...over,
})

async function added(orgId: string, body: Record<string, unknown>) {
  const res = await api.post(base(orgId), body)
  if (res.status !== 201) throw new Error(`add failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { id: string; domain: string }
}

const rows = async (orgId: string) => (await env.DB.prepare('SELECT domain FROM org_discovery_domains WHERE org_id = ?').bind(orgId).all()).results

describe('POST /organizations/{id}/discovery-domains', () => {
  it('adds a domain with the recorded defaults and key order, lower-cased, in one round trip', async () => {
    const org = await createOrganization()
    const domain = domainName()
    const res = await api.post(base(org.id), { domain: domain.toUpperCase() })
    expect(res.status).toBe(201)
    expect(res.body).toEqual(item(org.id, domain))
    expect(Object.keys(res.body)).toEqual(['id', 'domain', 'status', 'verification_host', 'verification_txt', 'use_for_organization_discovery'])
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
  })

  it('takes status and use_for_organization_discovery as given (verified needs no DNS check, as on Auth0)', async () => {
    const org = await createOrganization()
    const domain = domainName()
    const res = await api.post(base(org.id), { domain, status: 'verified', use_for_organization_discovery: false })
    expect(res.body).toEqual(item(org.id, domain, { status: 'verified', use_for_organization_discovery: false }))
    expect((await api.get(one(org.id, res.body.id))).body).toEqual(res.body)
  })

  it('refuses the same domain twice in one organization, whatever its case, and a verified discovery domain another organization holds', async () => {
    const org = await createOrganization()
    const other = await createOrganization()
    const domain = domainName()
    await added(org.id, { domain, status: 'verified' })
    const twice = await api.post(base(org.id), { domain: domain.toUpperCase() })
    expect(twice.status).toBe(409)
    expect(twice.body).toEqual(DUPLICATE)
    // Pending, or not used for discovery, it may sit in another organization too.
    expect((await api.post(base(other.id), { domain })).status).toBe(201)
    const third = await createOrganization()
    expect((await api.post(base(third.id), { domain, status: 'verified', use_for_organization_discovery: false })).status).toBe(201)
    const fourth = await createOrganization()
    const claimed = await api.post(base(fourth.id), { domain, status: 'verified' })
    expect(claimed.status).toBe(409)
    expect(claimed.body).toEqual(CLAIMED)
    expect(await rows(fourth.id)).toEqual([])
  })

  it('lets exactly one of 20 organizations claim a verified discovery domain at once', async () => {
    const orgs = await Promise.all(Array.from({ length: 20 }, () => createOrganization()))
    const domain = domainName()
    const results = await Promise.all(orgs.map((o) => api.post(base(o.id), { domain, status: 'verified' })))
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)])
  })

  it('frees a verified domain at once when its organization is deleted', async () => {
    const org = await createOrganization()
    const domain = domainName()
    await added(org.id, { domain, status: 'verified' })
    expect((await api.delete(`/api/v2/organizations/${org.id}`)).status).toBe(204)
    const next = await createOrganization()
    expect((await api.post(base(next.id), { domain, status: 'verified' })).status).toBe(201)
  })

  it.each([
    [{}, "Payload validation error: 'Missing required property: domain'"],
    [{ domain: 'ab' }, `Payload validation error: 'String is too short (2 chars), minimum 3' on property domain (${DOMAIN_DESCRIPTION}).`],
    [
      { domain: 'not a host' },
      `Payload validation error: 'String does not match pattern ^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])$: not a host' on property domain (${DOMAIN_DESCRIPTION}).`,
    ],
    [{ domain: '-bad.example.com' }, expect.stringContaining("String does not match pattern")],
    [{ domain: 'acme.example', status: 'active' }, "Payload validation error: 'No enum match for: active' on property status (Whether the domain is verified: pending (the default) or verified.)."],
    [{ domain: 'acme.example', verification_txt: 'x' }, "Payload validation error: 'Additional properties not allowed: verification_txt'"],
  ])('refuses %j with invalid_body, writing nothing', async (body, message) => {
    const org = await createOrganization()
    const res = await api.post(base(org.id), body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalidBody(message as string))
    expect(await rows(org.id)).toEqual([])
  })

  it('answers the organization 404, and 403 without create:organization_discovery_domains', async () => {
    expect((await api.post(base(UNKNOWN_ORG), { domain: domainName() })).body).toEqual(ORG_NOT_FOUND)
    const org = await createOrganization()
    const res = await api.post(base(org.id), { domain: domainName() }, { scopes: ['create:organizations'] })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: create:organization_discovery_domains', 'insufficient_scope'))
  })
})

describe('GET /organizations/{id}/discovery-domains', () => {
  it('pages oldest first with checkpoint cursors naming the next page, next absent on the last page', async () => {
    const org = await createOrganization()
    const made = []
    for (let i = 0; i < 5; i++) made.push(await added(org.id, { domain: domainName() }))
    const first = await api.get(`${base(org.id)}?take=2`)
    expect(first.body).toEqual({ next: expect.any(String), domains: made.slice(0, 2) })
    expect(Object.keys(first.body)).toEqual(['next', 'domains'])
    expect(atob(first.body.next.replace(/-/g, '+').replace(/_/g, '/'))).toBe(made[2]!.id)
    expect(first.headers.get('x-d1-round-trips')).toBe('1')
    const second = await api.get(`${base(org.id)}?take=2&from=${first.body.next}`)
    expect(second.body).toEqual({ next: expect.any(String), domains: made.slice(2, 4) })
    const last = await api.get(`${base(org.id)}?take=2&from=${second.body.next}`)
    expect(last.body).toEqual({ domains: made.slice(4) })
    expect((await api.get(base(org.id))).body).toEqual({ domains: made })
  })

  it('answers an empty list, the organization 404, and 400 for a cursor that is not ours', async () => {
    const org = await createOrganization()
    expect((await api.get(base(org.id))).body).toEqual({ domains: [] })
    expect((await api.get(base(UNKNOWN_ORG))).body).toEqual(ORG_NOT_FOUND)
    const bad = await api.get(`${base(org.id)}?from=bm90LWFuLWlk`)
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual(auth0Error(400, "Query validation error: 'Invalid checkpoint' on property from (Optional Id from which to start selection.).", 'invalid_query_string'))
    const take = await api.get(`${base(org.id)}?take=0`)
    expect(take.status).toBe(400)
    expect(take.body).toEqual(auth0Error(400, "Query validation error: 'Value 0 is less than minimum 1' on property take (Number of results per page. Defaults to 50.).", 'invalid_query_string'))
  })
})

describe('GET /organizations/{id}/discovery-domains/{id} and /name/{domain}', () => {
  it('finds a domain by id and by name, case-insensitively, and answers the recorded 404 otherwise', async () => {
    const org = await createOrganization()
    const other = await createOrganization()
    const domain = await added(org.id, { domain: domainName() })
    const viaName = await api.get(byName(org.id, domain.domain.toUpperCase()))
    expect(viaName.status).toBe(200)
    expect(viaName.body).toEqual(domain)
    expect(viaName.headers.get('x-d1-round-trips')).toBe('1')
    for (const path of [one(other.id, domain.id), byName(other.id, domain.domain), one(org.id, 'ord_0000000000000000000000')]) {
      const res = await api.get(path)
      expect(res.status).toBe(404)
      expect(res.body).toEqual(NOT_FOUND)
    }
    expect((await api.get(one(UNKNOWN_ORG, domain.id))).body).toEqual(ORG_NOT_FOUND)
    expect((await api.get(byName(org.id, 'no_such'))).status).toBe(400)
  })
})

describe('PATCH /organizations/{id}/discovery-domains/{id}', () => {
  it('changes status and discovery, keeping what is not sent, and refuses the domain itself', async () => {
    const org = await createOrganization()
    const domain = await added(org.id, { domain: domainName(), use_for_organization_discovery: false })
    const verified = await api.patch(one(org.id, domain.id), { status: 'verified', use_for_organization_discovery: true })
    expect(verified.status).toBe(200)
    expect(verified.body).toEqual({ ...domain, status: 'verified', use_for_organization_discovery: true })
    expect((await api.patch(one(org.id, domain.id), {})).body).toEqual(verified.body)
    const renamed = await api.patch(one(org.id, domain.id), { domain: 'other.example' })
    expect(renamed.status).toBe(400)
    expect(renamed.body).toEqual(invalidBody("Payload validation error: 'Additional properties not allowed: domain'"))
  })

  it('refuses to verify a discovery domain another organization holds, and answers 404 for unknown ids', async () => {
    const holder = await createOrganization()
    const org = await createOrganization()
    const domain = domainName()
    await added(holder.id, { domain, status: 'verified' })
    const pending = await added(org.id, { domain })
    const res = await api.patch(one(org.id, pending.id), { status: 'verified' })
    expect(res.status).toBe(409)
    expect(res.body).toEqual(CLAIMED)
    expect((await api.get(one(org.id, pending.id))).body).toEqual(pending)
    // Not used for discovery, it may be verified in both.
    expect((await api.patch(one(org.id, pending.id), { status: 'verified', use_for_organization_discovery: false })).status).toBe(200)
    expect((await api.patch(one(org.id, 'ord_0000000000000000000000'), { status: 'verified' })).body).toEqual(NOT_FOUND)
    expect((await api.patch(one(UNKNOWN_ORG, pending.id), { status: 'verified' })).body).toEqual(ORG_NOT_FOUND)
  })
})

describe('DELETE /organizations/{id}/discovery-domains/{id}', () => {
  it('deletes, then answers 404 on a read and 204 on a second delete, as recorded', async () => {
    const org = await createOrganization()
    const domain = await added(org.id, { domain: domainName() })
    expect((await api.delete(one(org.id, domain.id))).status).toBe(204)
    expect((await api.get(one(org.id, domain.id))).body).toEqual(NOT_FOUND)
    expect((await api.delete(one(org.id, domain.id))).status).toBe(204)
    expect((await api.delete(one(UNKNOWN_ORG, domain.id))).body).toEqual(ORG_NOT_FOUND)
  })
})
