import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { nameKey } from '../../src/kv/org-name-index'
import { api, auth0Error } from '../helpers/api'
import { createOrganization } from '../helpers/factories'

const org = (id: string) => `/api/v2/organizations/${id}`
const ifMatch = (etag: string) => ({ headers: { 'if-match': etag } })
const ifNoneMatch = (etag: string) => ({ headers: { 'if-none-match': etag } })
const STALE = auth0Error(412, 'The organization has changed since the version given in If-Match (or does not exist).', 'precondition_failed')
const roundTrips = (res: { headers: Headers }) => Number(res.headers.get('x-d1-round-trips'))

describe('ETag and conditional requests on organizations', () => {
  it('gives every read the same strong ETag until a change, and 304 for a current If-None-Match', async () => {
    const created = await createOrganization()
    const byId = await api.get(org(created.id))
    const etag = byId.headers.get('etag')!
    expect(etag).toBe(`"${created.id}.1"`)
    expect(roundTrips(byId)).toBe(1)
    expect((await api.get(`/api/v2/organizations/name/${created.name}`)).headers.get('etag')).toBe(etag)
    const cached = await api.get(org(created.id), ifNoneMatch(etag))
    expect(cached.status).toBe(304)
    expect(cached.body).toBe('')
    expect(cached.headers.get('etag')).toBe(etag)
    expect((await api.get(`/api/v2/organizations/name/${created.name}`, ifNoneMatch(`W/${etag}, "other"`))).status).toBe(304)
    expect((await api.get(org(created.id), ifNoneMatch('*'))).status).toBe(304)

    const patched = await api.patch(org(created.id), { display_name: 'New' })
    expect(patched.headers.get('etag')).toBe(`"${created.id}.2"`)
    const fresh = await api.get(org(created.id), ifNoneMatch(etag))
    expect(fresh.status).toBe(200)
    expect(fresh.body.display_name).toBe('New')
    const hit = await api.get(`/api/v2/organizations/name/${created.name}`, ifNoneMatch(etag))
    expect(hit.status).toBe(200)
    expect(hit.headers.get('etag')).toBe(`"${created.id}.2"`)
  })

  it('applies a PATCH or DELETE only while If-Match names the current version, checked inside the write', async () => {
    const created = await createOrganization({ display_name: 'First' })
    const etag = (await api.get(org(created.id))).headers.get('etag')!
    expect((await api.patch(org(created.id), { display_name: 'Second' }, ifMatch(etag))).status).toBe(200)
    const stale = await api.patch(org(created.id), { display_name: 'Third' }, ifMatch(etag))
    expect(stale.status).toBe(412)
    expect(stale.body).toEqual(STALE)
    expect(roundTrips(stale)).toBe(1)
    expect((await api.get(org(created.id))).body.display_name).toBe('Second')
    expect((await api.delete(org(created.id), undefined, ifMatch(etag))).body).toEqual(STALE)
    // A weak tag never matches strongly; a list matches if any member does.
    const current = `"${created.id}.2"`
    expect((await api.patch(org(created.id), { display_name: 'x' }, ifMatch(`W/${current}`))).status).toBe(412)
    expect((await api.patch(org(created.id), { display_name: 'Third' }, ifMatch(`${etag}, ${current}`))).status).toBe(200)
    expect((await api.delete(org(created.id), undefined, ifMatch(`"${created.id}.3"`))).status).toBe(204)
    expect((await api.get(org(created.id))).status).toBe(404)
  })

  it('lets exactly one of 20 concurrent PATCHes with the same If-Match through', async () => {
    const created = await createOrganization()
    const etag = (await api.get(org(created.id))).headers.get('etag')!
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => api.patch(org(created.id), { display_name: `n${i}` }, ifMatch(etag))))
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(412)])
    const winner = results.find((r) => r.status === 200)!
    expect((await api.get(org(created.id))).body.display_name).toBe(winner.body.display_name)
  })

  it('answers If-Match: * by existence, and refuses garbled validators with 400, changing nothing', async () => {
    const created = await createOrganization({ display_name: 'Kept' })
    expect((await api.patch(org(created.id), { display_name: 'Star' }, ifMatch('*'))).status).toBe(200)
    expect((await api.patch(org('org_XXXXXXXXXXXXXXXX'), { display_name: 'x' }, ifMatch('*'))).body).toEqual(STALE)
    expect((await api.delete(org('org_XXXXXXXXXXXXXXXX'), undefined, ifMatch('*'))).body).toEqual(STALE)
    for (const garbled of ['abc', '"unterminated', 'W/ "x"']) {
      const res = await api.patch(org(created.id), { display_name: 'x' }, ifMatch(garbled))
      expect(res.status).toBe(400)
      expect(res.body).toEqual(auth0Error(400, 'If-Match must be * or a list of entity tags such as "org_abc.3".', 'invalid_precondition'))
    }
    expect((await api.get(org(created.id), ifNoneMatch('nope'))).status).toBe(400)
    expect((await api.get(org(created.id))).body.display_name).toBe('Star')
    // Without the headers nothing changes: the Auth0 SDK sends neither.
    expect((await api.patch(org(created.id), { display_name: 'Plain' })).status).toBe(200)
  })

  it('refuses a KV entry older than the version the id key vouches for (a refill that raced an update)', async () => {
    const created = await createOrganization({ display_name: 'Old' })
    const old = await env.ORG_INDEX.get(nameKey(created.name))
    await api.patch(org(created.id), { display_name: 'New' })
    await env.ORG_INDEX.put(nameKey(created.name), old!) // a late refill with the row it read before the update
    const res = await api.get(`/api/v2/organizations/name/${created.name}`)
    expect(res.body.display_name).toBe('New')
    expect(roundTrips(res)).toBe(1)
  })
})
