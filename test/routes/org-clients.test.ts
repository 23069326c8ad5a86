import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, call, unique } from '../helpers/api'
import { createClient, createOrganization } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'

const base = (orgId: string) => `/api/v2/organizations/${orgId}/clients`
const one = (orgId: string, clientId: string) => `${base(orgId)}/${clientId}`
const ORG_NOT_FOUND = auth0Error(404, 'No organization found by that id or name')
const NOT_ASSOCIATED = auth0Error(404, 'The organization client does not exist.')
const UNKNOWN_ORG = 'org_0000000000000000'
const GRANT_TYPES = ['authorization_code', 'implicit', 'refresh_token', 'client_credentials']

/** A regular web client, as Terraform's recordings make one (no app_type, Auth0's default grant types). */
const webClient = (body: Record<string, unknown> = {}) => createClient({ app_type: undefined, ...body })

/** The item, in the recorded key order: the client summary carries only the keys set on the client. */
const item = (c: { client_id: string; name: string }, use: boolean, summary: Record<string, unknown> = {}) => ({
  client_id: c.client_id,
  use_for_member_access: use,
  client: { name: c.name, is_first_party: true, grant_types: GRANT_TYPES, ...summary },
})

const stored = async (orgId: string) =>
  (await env.DB.prepare('SELECT client_id FROM org_clients WHERE org_id = ?').bind(orgId).all<{ client_id: string }>()).results.map((r) => r.client_id)

/** Case-insensitive client_id order, as Auth0 lists them (recorded). */
const inListOrder = <T extends { client_id: string }>(items: T[]) =>
  [...items].sort((a, b) => a.client_id.toLowerCase().localeCompare(b.client_id.toLowerCase()) || (a.client_id < b.client_id ? -1 : 1))

describe('POST /organizations/{id}/clients', () => {
  it('associates clients and answers 201 with a bare array in request order (recorded shape), in one D1 round trip', async () => {
    const org = await createOrganization()
    const a = await webClient({ organization_usage: 'allow' })
    const b = await webClient({ app_type: 'spa', logo_uri: 'https://example.com/logo.png' })
    const res = await api.post(base(org.id), { clients: [{ client_id: b.client_id, use_for_member_access: false }, { client_id: a.client_id, use_for_member_access: true }] })
    expect(res.status).toBe(201)
    expect(res.body).toEqual([
      {
        client_id: b.client_id,
        use_for_member_access: false,
        client: { name: b.name, app_type: 'spa', logo_uri: 'https://example.com/logo.png', is_first_party: true, grant_types: ['authorization_code', 'implicit', 'refresh_token'] },
      },
      item(a, true, { organization_usage: 'allow' }),
    ])
    expect(Object.keys(res.body[1].client)).toEqual(['name', 'is_first_party', 'grant_types', 'organization_usage'])
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
    expect((await stored(org.id)).sort()).toEqual([a.client_id, b.client_id].sort())
  })

  it('replays a keyed request (Idempotency-Key) instead of answering 409 the second time', async () => {
    const org = await createOrganization()
    const c = await webClient()
    const body = { clients: [{ client_id: c.client_id, use_for_member_access: true }] }
    const opts = { headers: { 'idempotency-key': unique('key') } }
    const first = await api.post(base(org.id), body, opts)
    const again = await api.post(base(org.id), body, opts)
    expect([first.status, again.status]).toEqual([201, 201])
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await stored(org.id)).toEqual([c.client_id])
  })

  it('counts a client sent twice once, with its last settings', async () => {
    const org = await createOrganization()
    const c = await webClient()
    const res = await api.post(base(org.id), { clients: [{ client_id: c.client_id, use_for_member_access: true }, { client_id: c.client_id, use_for_member_access: false }] })
    expect(res.body).toEqual([item(c, false)])
    expect(await stored(org.id)).toEqual([c.client_id])
  })

  it('refuses the whole request with 409 when one client is already associated, writing nothing', async () => {
    const org = await createOrganization()
    const [first, second] = [await webClient(), await webClient()]
    await api.post(base(org.id), { clients: [{ client_id: first.client_id, use_for_member_access: true }] })
    const res = await api.post(base(org.id), { clients: [{ client_id: second.client_id, use_for_member_access: true }, { client_id: first.client_id, use_for_member_access: false }] })
    expect(res.status).toBe(409)
    expect(res.body).toEqual(auth0Error(409, `One or more of the specified clients are already associated with this organization: ${first.client_id}`))
    expect(await stored(org.id)).toEqual([first.client_id])
    expect((await api.get(one(org.id, first.client_id))).body).toEqual(item(first, true))
  })

  it('refuses unknown clients (400, naming them) and organizations (404), writing nothing', async () => {
    const org = await createOrganization()
    const c = await webClient()
    const ghost = 'Z'.repeat(32)
    const res = await api.post(base(org.id), { clients: [{ client_id: c.client_id, use_for_member_access: true }, { client_id: ghost, use_for_member_access: true }] })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, `One or more of the specified clients do not exist: ${ghost}`, 'invalid_body'))
    expect(await stored(org.id)).toEqual([])
    const noOrg = await api.post(base(UNKNOWN_ORG), { clients: [{ client_id: c.client_id, use_for_member_access: true }] })
    expect(noOrg.status).toBe(404)
    expect(noOrg.body).toEqual(ORG_NOT_FOUND)
  })

  it('holds 100 clients per organization: a batch that would pass it is refused whole', async () => {
    const org = await createOrganization()
    const clients = await seedClients(101)
    for (let i = 0; i < 90; i += 10) {
      expect((await api.post(base(org.id), { clients: clients.slice(i, i + 10).map((c) => ({ client_id: c, use_for_member_access: true })) })).status).toBe(201)
    }
    const over = await api.post(base(org.id), { clients: clients.slice(90, 101).map((c) => ({ client_id: c, use_for_member_access: true })) })
    expect(over.status).toBe(409)
    expect(over.body).toEqual(auth0Error(409, 'Quota exceeded; cannot add more than 100 clients to a single organization'))
    expect(await stored(org.id)).toHaveLength(90)
    expect((await api.post(base(org.id), { clients: clients.slice(90, 100).map((c) => ({ client_id: c, use_for_member_access: true })) })).status).toBe(201)
    expect(await stored(org.id)).toHaveLength(100)
  })

  it('ends with at most 100 when 20 batches of 10 race for the limit, each batch whole or not at all', async () => {
    const org = await createOrganization()
    const clients = await seedClients(200)
    const batches = Array.from({ length: 20 }, (_, i) => clients.slice(i * 10, i * 10 + 10))
    const results = await Promise.all(batches.map((b) => api.post(base(org.id), { clients: b.map((c) => ({ client_id: c, use_for_member_access: true })) })))
    expect(results.filter((r) => r.status === 201)).toHaveLength(10)
    expect(results.filter((r) => r.status === 409)).toHaveLength(10)
    const rows = new Set(await stored(org.id))
    expect(rows.size).toBe(100)
    // Every batch is in whole or not at all.
    for (const [i, b] of batches.entries()) expect(b.filter((c) => rows.has(c)).length).toBe(results[i]!.status === 201 ? 10 : 0)
  })

  it('validates the body: 1–100 items, both keys required, nothing else', async () => {
    const org = await createOrganization()
    const post = async (body: unknown) => (await api.post(base(org.id), body)).body
    const bad = (message: string) => auth0Error(400, `Payload validation error: '${message}`, 'invalid_body')
    expect(await post({})).toEqual(bad("Missing required property: clients'"))
    expect(await post({ clients: [] })).toEqual(bad("Array is too short (0), minimum 1' on property clients (Clients to associate with the organization.)."))
    const many = Array.from({ length: 101 }, (_, i) => ({ client_id: `c${i}`, use_for_member_access: true }))
    expect(await post({ clients: many })).toEqual(bad("Array is too long (101), maximum 100' on property clients (Clients to associate with the organization.)."))
    expect(await post({ clients: [{ client_id: 'x' }] })).toEqual(bad("Missing required property: use_for_member_access' on property clients[0] (Clients to associate with the organization.)."))
    expect(await post({ clients: [{ client_id: 'x', use_for_member_access: 'yes' }] })).toEqual(
      bad("Expected type boolean but found type string' on property clients[0].use_for_member_access (Whether this client is used for member access to the organization.)."),
    )
    expect(await post({ clients: [{ client_id: 'x', use_for_member_access: true, name: 'n' }] })).toEqual(bad("Additional properties not allowed: name' on property clients[0] (Clients to associate with the organization.)."))
  })
})

describe('GET /organizations/{id}/clients', () => {
  it('lists in client_id order, case-insensitively, and pages by checkpoint (next only while more follow), one round trip each', async () => {
    const org = await createOrganization()
    const clients = await Promise.all(Array.from({ length: 5 }, () => webClient()))
    await api.post(base(org.id), { clients: clients.map((c, i) => ({ client_id: c.client_id, use_for_member_access: i % 2 === 0 })) })
    const all = inListOrder(clients.map((c, i) => item(c, i % 2 === 0)))
    const first = await api.get(`${base(org.id)}?take=50`)
    expect(first.body).toEqual({ clients: all })
    expect(first.headers.get('x-d1-round-trips')).toBe('1')
    const pages = []
    let from: string | undefined
    do {
      const res = await api.get(`${base(org.id)}?take=2${from ? `&from=${from}` : ''}`)
      expect(res.status).toBe(200)
      pages.push(res.body)
      from = res.body.next
    } while (from)
    expect(pages.map((p) => p.clients.length)).toEqual([2, 2, 1])
    expect(pages.flatMap((p) => p.clients)).toEqual(all)
    expect(pages.map((p) => 'next' in p)).toEqual([true, true, false])
  })

  it('caps take at 100 and answers an empty list as {"clients":[]}; refuses take 0, a bad cursor and an unknown org', async () => {
    const org = await createOrganization()
    expect((await api.get(`${base(org.id)}?take=1000`)).body).toEqual({ clients: [] })
    expect((await api.get(`${base(org.id)}?take=0`)).body).toEqual(
      auth0Error(400, "Query validation error: 'Value 0 is less than minimum 1' on property take (Number of results per page. Defaults to 50. Values greater than the maximum of 100 are capped at 100.).", 'invalid_query_string'),
    )
    expect((await api.get(`${base(org.id)}?from=%25%25`)).body).toEqual(
      auth0Error(400, "Query validation error: 'Invalid checkpoint' on property from (Optional Id from which to start selection.).", 'invalid_query_string'),
    )
    expect((await api.get(base(UNKNOWN_ORG))).body).toEqual(ORG_NOT_FOUND)
  })
})

describe('GET, PATCH /organizations/{id}/clients/{client_id}', () => {
  it('reads and updates one association; PATCH {} changes nothing', async () => {
    const org = await createOrganization()
    const c = await webClient()
    await api.post(base(org.id), { clients: [{ client_id: c.client_id, use_for_member_access: true }] })
    const got = await api.get(one(org.id, c.client_id))
    expect(got.body).toEqual(item(c, true))
    expect(got.headers.get('x-d1-round-trips')).toBe('1')
    const patched = await api.patch(one(org.id, c.client_id), { use_for_member_access: false })
    expect(patched.status).toBe(200)
    expect(patched.body).toEqual(item(c, false))
    expect(patched.headers.get('x-d1-round-trips')).toBe('1')
    expect((await api.patch(one(org.id, c.client_id), {})).body).toEqual(item(c, false))
    expect((await api.patch(one(org.id, c.client_id), { use_for_member_access: null })).status).toBe(400)
  })

  it('answers 404 for a client not associated (or unknown), and the org 404 for an unknown org', async () => {
    const org = await createOrganization()
    const c = await webClient()
    expect((await api.get(one(org.id, c.client_id))).body).toEqual(NOT_ASSOCIATED)
    expect((await api.patch(one(org.id, 'nope'), { use_for_member_access: true })).body).toEqual(NOT_ASSOCIATED)
    expect((await api.get(one(UNKNOWN_ORG, c.client_id))).body).toEqual(ORG_NOT_FOUND)
    expect((await api.patch(one(UNKNOWN_ORG, c.client_id), { use_for_member_access: true })).body).toEqual(ORG_NOT_FOUND)
  })
})

describe('DELETE /organizations/{id}/clients', () => {
  it('removes the listed associations in one round trip; idempotent for clients not associated or unknown', async () => {
    const org = await createOrganization()
    const [a, b] = [await webClient(), await webClient()]
    await api.post(base(org.id), { clients: [a, b].map((c) => ({ client_id: c.client_id, use_for_member_access: true })) })
    const res = await api.delete(base(org.id), { clients: [a.client_id, 'never-a-client'] })
    expect(res.status).toBe(204)
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
    expect(await stored(org.id)).toEqual([b.client_id])
    expect((await api.delete(base(org.id), { clients: [a.client_id] })).status).toBe(204)
    expect((await api.delete(base(UNKNOWN_ORG), { clients: [a.client_id] })).body).toEqual(ORG_NOT_FOUND)
    expect((await api.delete(base(org.id), { clients: [] })).status).toBe(400)
  })
})

describe('organization clients and the rest of the tenant', () => {
  it('GET /organizations?include_client_association_for adds `client` to the associated organizations, in both paging modes, in one round trip', async () => {
    const c = await webClient()
    const [member, nonMember, off] = [await createOrganization(), await createOrganization(), await createOrganization()]
    await api.post(base(member.id), { clients: [{ client_id: c.client_id, use_for_member_access: true }] })
    await api.post(base(off.id), { clients: [{ client_id: c.client_id, use_for_member_access: false }] })
    const ours = (orgs: { id: string; client?: unknown }[]) => orgs.filter((o) => [member.id, nonMember.id, off.id].includes(o.id))
    const checkpoint = await api.get(`/api/v2/organizations?include_client_association_for=${c.client_id}&include_totals=true&take=100`)
    expect(checkpoint.headers.get('x-d1-round-trips')).toBe('1')
    const offset = await api.get(`/api/v2/organizations?include_client_association_for=${c.client_id}&include_totals=true&per_page=100`)
    expect(offset.headers.get('x-d1-round-trips')).toBe('1')
    for (const orgs of [checkpoint.body.organizations, offset.body.organizations]) {
      expect(ours(orgs).map((o) => o.client)).toEqual([{ use_for_member_access: true }, undefined, { use_for_member_access: false }])
    }
    expect(Object.keys(ours(checkpoint.body.organizations)[0]!).at(-1)).toBe('client')
    const without = await api.get('/api/v2/organizations?include_totals=true&take=100')
    expect(ours(without.body.organizations).some((o: object) => 'client' in o)).toBe(false)
  })

  it("deleting a client hides its associations at once and removes them through the queue; deleting an org removes the org's", async () => {
    const [org, other] = [await createOrganization(), await createOrganization()]
    const [gone, kept] = [await webClient(), await webClient()]
    for (const o of [org, other]) await api.post(base(o.id), { clients: [gone, kept].map((c) => ({ client_id: c.client_id, use_for_member_access: true })) })
    expect((await api.delete(`/api/v2/clients/${gone.client_id}`)).status).toBe(204)
    expect((await api.get(`${base(org.id)}?take=50`)).body).toEqual({ clients: [item(kept, true)] })
    expect((await api.get(`/api/v2/organizations?include_client_association_for=${gone.client_id}&take=100`)).body.organizations.some((o: object) => 'client' in o)).toBe(false)
    await runPendingCleanups()
    expect(await env.DB.prepare('SELECT count(*) AS n FROM org_clients WHERE client_id = ?').bind(gone.client_id).first('n')).toBe(0)
    expect((await api.delete(`/api/v2/organizations/${org.id}`)).status).toBe(204)
    await runPendingCleanups()
    expect(await stored(org.id)).toEqual([])
    expect(await stored(other.id)).toEqual([kept.client_id])
  })

  it('needs the organization-clients scopes (403 without, 401 without a token)', async () => {
    const org = await createOrganization()
    const cases = [
      ['POST', base(org.id), 'create:organization_clients', { clients: [{ client_id: 'x', use_for_member_access: true }] }],
      ['GET', base(org.id), 'read:organization_clients', undefined],
      ['GET', one(org.id, 'x'), 'read:organization_clients', undefined],
      ['PATCH', one(org.id, 'x'), 'update:organization_clients', {}],
      ['DELETE', base(org.id), 'delete:organization_clients', { clients: ['x'] }],
    ] as const
    for (const [method, path, scope, body] of cases) {
      const denied = await call(method, path, body, { scopes: ['read:organizations'] })
      expect(denied.body).toEqual(auth0Error(403, `Insufficient scope, expected any of: ${scope}`, 'insufficient_scope'))
      expect((await call(method, path, body, { token: null })).status).toBe(401)
    }
  })
})

/** `n` clients straight into D1 (the API would take a round trip each). */
async function seedClients(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => unique('seed').replace(/-/g, '_'))
  const now = new Date().toISOString()
  await env.DB.batch(ids.map((id) => env.DB.prepare("INSERT INTO clients (client_id, name, secret_hash, doc, created_at) VALUES (?, ?, 'x', '{}', ?)").bind(id, id, now)))
  return ids
}

