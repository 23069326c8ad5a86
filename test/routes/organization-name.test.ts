import { createExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import worker from '../../src/index'
import { nameKey } from '../../src/kv/org-name-index'
import { api, auth0Error, mintToken, unique } from '../helpers/api'
import { createConnection, createOrganization } from '../helpers/factories'

const NOT_FOUND = { statusCode: 404, error: 'Not Found', message: 'No organization found by that id or name' }
const roundTrips = (res: { headers: Headers }) => Number(res.headers.get('x-d1-round-trips'))

/** A KV binding whose every call fails, to prove KV is never on the critical path. */
const brokenKv = new Proxy({} as KVNamespace, {
  get: () => () => Promise.reject(new Error('KV is down')),
})

async function fetchWith(overrides: Partial<typeof env>, method: string, path: string, body?: unknown) {
  const req = new Request(`https://edge-orgs.test${path}`, {
    method,
    headers: { authorization: `Bearer ${await mintToken()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], { ...env, ...overrides }, createExecutionContext())
  return { status: res.status, body: res.status === 204 ? '' : ((await res.json()) as any), headers: res.headers }
}

describe('GET /organizations/name/{name}', () => {
  it('answers from KV with no D1 query once indexed', async () => {
    const org = await createOrganization({ display_name: 'Named' })
    const hit = await api.get(`/api/v2/organizations/name/${org.name}`)
    expect(hit.body).toEqual(org)
    expect(roundTrips(hit)).toBe(0)
  })

  it('falls back to D1 on a miss and refills KV', async () => {
    const org = await createOrganization()
    await env.ORG_INDEX.delete(nameKey(org.name))
    const miss = await api.get(`/api/v2/organizations/name/${org.name}`)
    expect(miss.body).toEqual(org)
    expect(roundTrips(miss)).toBe(1)
    // The fill runs after the answer (waitUntil): the next lookups become hits once it lands.
    await vi.waitUntil(async () => (await env.ORG_INDEX.get(nameKey(org.name))) !== null, { timeout: 5000 })
    const hit = await api.get(`/api/v2/organizations/name/${org.name}`)
    expect(hit.body).toEqual(org)
    expect(roundTrips(hit)).toBe(0)
  })

  it('detects and drops a stale entry left by a rename whose KV delete failed', async () => {
    const org = await createOrganization()
    const stale = await env.ORG_INDEX.get(nameKey(org.name))
    const renamed = unique('renamed')
    await api.patch(`/api/v2/organizations/${org.id}`, { name: renamed })
    await env.ORG_INDEX.put(nameKey(org.name), stale!) // as if the delete of the old key had failed
    expect((await api.get(`/api/v2/organizations/name/${org.name}`)).body).toEqual(NOT_FOUND)
    expect(await env.ORG_INDEX.get(nameKey(org.name))).toBeNull()
    expect((await api.get(`/api/v2/organizations/name/${renamed}`)).body).toEqual({ ...org, name: renamed })
  })

  it('detects a stale entry left by a delete whose KV delete failed (the id key holds a tombstone)', async () => {
    const org = await createOrganization()
    const stale = await env.ORG_INDEX.get(nameKey(org.name))
    await api.delete(`/api/v2/organizations/${org.id}`)
    await env.ORG_INDEX.put(nameKey(org.name), stale!)
    expect((await api.get(`/api/v2/organizations/name/${org.name}`)).body).toEqual(NOT_FOUND)
    expect(await env.ORG_INDEX.get(nameKey(org.name))).toBeNull()
  })

  it('refills only the document after a miss, never the id key, which only create, update and delete write', async () => {
    const org = await createOrganization()
    await env.ORG_INDEX.delete(nameKey(org.name))
    await env.ORG_INDEX.delete(`id:v2:${org.id}`)
    expect(roundTrips(await api.get(`/api/v2/organizations/name/${org.name}`))).toBe(1)
    await vi.waitUntil(async () => (await env.ORG_INDEX.get(nameKey(org.name))) !== null, { timeout: 5000 })
    expect(await env.ORG_INDEX.get(`id:v2:${org.id}`)).toBeNull()
    // Without an id key nothing contradicts the document: the next lookup is a hit.
    const hit = await api.get(`/api/v2/organizations/name/${org.name}`)
    expect(hit.body).toEqual(org)
    expect(roundTrips(hit)).toBe(0)
  })

  it('reflects PATCH and DELETE at once', async () => {
    const org = await createOrganization()
    await api.get(`/api/v2/organizations/name/${org.name}`)
    await api.patch(`/api/v2/organizations/${org.id}`, { display_name: 'Changed' })
    expect((await api.get(`/api/v2/organizations/name/${org.name}`)).body).toEqual({ ...org, display_name: 'Changed' })
    await api.delete(`/api/v2/organizations/${org.id}`)
    expect((await api.get(`/api/v2/organizations/name/${org.name}`)).body).toEqual(NOT_FOUND)
  })

  it('validates the name and needs read:organizations', async () => {
    expect((await api.get(`/api/v2/organizations/name/${'a'.repeat(51)}`)).body).toEqual(
      auth0Error(400, "Path validation error: 'String is too long (51 chars), maximum 50' on property name (name of the organization to retrieve).", 'invalid_uri'),
    )
    const denied = await api.get('/api/v2/organizations/name/x', { scopes: ['read:organizations_summary'] })
    expect(denied.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: read:organizations', 'insufficient_scope'))
  })

  it('never fails a request D1 accepted when KV is down', async () => {
    const name = unique('kvdown')
    const created = await fetchWith({ ORG_INDEX: brokenKv }, 'POST', '/api/v2/organizations', { name })
    expect(created.status).toBe(201)
    const byName = await fetchWith({ ORG_INDEX: brokenKv }, 'GET', `/api/v2/organizations/name/${name}`)
    expect(byName.body).toEqual(created.body)
    expect((await fetchWith({ ORG_INDEX: brokenKv }, 'PATCH', `/api/v2/organizations/${created.body.id}`, { name: `${name}-2` })).status).toBe(200)
    expect((await fetchWith({ ORG_INDEX: brokenKv }, 'DELETE', `/api/v2/organizations/${created.body.id}`)).status).toBe(204)
  })
})

describe('D1 round trips per organization request', () => {
  it('stays within 2 on every endpoint', async () => {
    const conn = await createConnection('auth0')
    const plain = await api.post('/api/v2/organizations', { name: unique('rt') })
    const withConn = await api.post('/api/v2/organizations', { name: unique('rt'), enabled_connections: [{ connection_id: conn.id }] })
    const id = plain.body.id
    const calls = [
      plain,
      withConn,
      await api.get(`/api/v2/organizations/${id}`),
      await api.get('/api/v2/organizations?take=10'),
      await api.get('/api/v2/organizations?include_totals=true'),
      await api.patch(`/api/v2/organizations/${id}`, { display_name: 'x', name: unique('rt') }),
      await api.delete(`/api/v2/organizations/${id}`),
    ]
    expect(calls.map(roundTrips)).toEqual([1, 2, 1, 1, 1, 1, 1])
  })
})
