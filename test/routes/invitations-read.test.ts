import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, call } from '../helpers/api'
import { createRole } from '../helpers/factories'
import { INVITATION_NOT_FOUND, invitationSetup as setup, ORG_NOT_FOUND } from '../helpers/invitations'

/** Three invitations created 2 ms apart, so creation order is unambiguous. */
async function threeInvitations() {
  const { org, path, body } = await setup()
  const made = []
  for (let i = 0; i < 3; i++) {
    made.push((await api.post(path, body())).body)
    await new Promise((r) => setTimeout(r, 2))
  }
  return { org, path, body, made }
}

describe('GET /organizations/{id}/invitations', () => {
  it('lists newest first by default, as a bare array', async () => {
    const { path, made } = await threeInvitations()
    const res = await api.get(path)
    expect(res.status).toBe(200)
    expect(res.body).toEqual([...made].reverse())
  })

  it('sorts oldest first with sort=created_at:1', async () => {
    const { path, made } = await threeInvitations()
    expect((await api.get(`${path}?sort=created_at:1`)).body).toEqual(made)
  })

  it('wraps in {invitations, start, limit} with limit = items returned and no total', async () => {
    const { path, made } = await threeInvitations()
    const page0 = await api.get(`${path}?include_totals=true&per_page=2&page=0`)
    expect(page0.body).toEqual({ invitations: [made[2], made[1]], start: 0, limit: 2 })
    const page1 = await api.get(`${path}?include_totals=true&per_page=2&page=1`)
    expect(page1.body).toEqual({ invitations: [made[0]], start: 2, limit: 1 })
    const past = await api.get(`${path}?include_totals=true&per_page=50&page=3`)
    expect(past.body).toEqual({ invitations: [], start: 150, limit: 0 })
  })

  it('keeps only the named fields, or drops them with include_fields=false', async () => {
    const { path, made } = await threeInvitations()
    const kept = await api.get(`${path}?fields=id,invitee&sort=created_at:1`)
    expect(kept.body).toEqual(made.map((i) => ({ id: i.id, invitee: i.invitee })))
    const dropped = await api.get(`${path}?fields=invitation_url,inviter,invitee,client_id,created_at,expires_at,organization_id&include_fields=false&sort=created_at:1`)
    expect(dropped.body).toEqual(made.map((i) => ({ id: i.id, ticket_id: i.ticket_id })))
  })

  it('reads an empty fields as all fields', async () => {
    const { path, made } = await threeInvitations()
    expect((await api.get(`${path}?fields=&sort=created_at:1`)).body).toEqual(made)
  })

  it('leaves out expired invitations', async () => {
    const { path, made } = await threeInvitations()
    await env.DB.prepare('UPDATE invitations SET expires_at = ? WHERE id = ?').bind('2000-01-01T00:00:00.000Z', made[1].id).run()
    expect((await api.get(path)).body.map((i: { id: string }) => i.id)).toEqual([made[2].id, made[0].id])
  })

  it('answers the list in one D1 round trip', async () => {
    const { path } = await threeInvitations()
    expect((await api.get(path)).headers.get('x-d1-round-trips')).toBe('1')
  })

  it.each([
    ['sort=name:1', "Query validation error: 'String does not match pattern ^((created_at))\\:(1|-1)$: name:1' on property sort (Field to sort by. Use field:order where order is 1 for ascending and -1 for descending Defaults to created_at:-1.)."],
    ['per_page=0', "Query validation error: 'Value 0 is less than minimum 1' on property per_page (Number of results per page. Defaults to 50.)."],
    ['page=-1', "Query validation error: 'Value -1 is less than minimum 0' on property page (Page index of the results to return. First page is 0.)."],
    ['fields=ticket_id', "Query validation error: 'String does not match pattern ^((app_metadata)|(user_metadata)|(client_id)|(connection_id)|(created_at)|(expires_at)|(id)|(invitation_url)|(invitee)|(inviter)|(organization_id)|(roles))(,((app_metadata)|(user_metadata)|(client_id)|(connection_id)|(created_at)|(expires_at)|(id)|(invitation_url)|(invitee)|(inviter)|(organization_id)|(roles)))*$: ticket_id' on property fields (Comma-separated list of fields to include or exclude (based on value provided for include_fields) in the result. Leave empty to retrieve all fields.)."],
    ['include_totals=maybe', "Query validation error: 'Expected type boolean but found type string' on property include_totals (When true, return results inside an object that also contains the start and limit.  When false (default), a direct array of results is returned.  We do not yet support returning the total invitations count.)."],
  ])('%s → 400 invalid_query_string', async (query, message) => {
    const { path } = await setup()
    const res = await api.get(`${path}?${query}`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, message, 'invalid_query_string'))
  })

  it('refuses offset windows past the first 1000 records', async () => {
    const { path } = await setup()
    const res = await api.get(`${path}?page=10&per_page=100`)
    expect(res.body).toEqual(auth0Error(400, 'Requesting page exceeds the allowed maximum of 1000 records.', 'invalid_paging'))
  })

  it('answers the organization 404 for an unknown org', async () => {
    const res = await api.get('/api/v2/organizations/org_AAAAAAAAAAAAAAAA/invitations')
    expect(res.status).toBe(404)
    expect(res.body).toEqual(ORG_NOT_FOUND)
  })
})

describe('GET /organizations/{id}/invitations/{invitation_id}', () => {
  it('answers the invitation as created, in one D1 round trip', async () => {
    const { path, body } = await setup()
    const made = (await api.post(path, body({ roles: [(await createRole()).id] }))).body
    const res = await api.get(`${path}/${made.id}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual(made)
    expect(res.headers.get('x-d1-round-trips')).toBe('1')
  })

  it('applies fields and include_fields', async () => {
    const { path, body } = await setup()
    const made = (await api.post(path, body())).body
    expect((await api.get(`${path}/${made.id}?fields=id,expires_at`)).body).toEqual({ id: made.id, expires_at: made.expires_at })
  })

  it("answers Auth0's inexistent_invitation 404 for an unknown, another org's, or an expired invitation", async () => {
    const { path, body } = await setup()
    const other = await setup()
    const theirs = (await api.post(other.path, other.body())).body
    const expired = (await api.post(path, body())).body
    await env.DB.prepare('UPDATE invitations SET expires_at = ? WHERE id = ?').bind(new Date(Date.now() - 1000).toISOString(), expired.id).run()
    for (const id of ['uinv_AAAAAAAAAAAAAAAA', theirs.id, expired.id]) {
      const res = await api.get(`${path}/${id}`)
      expect(res.status).toBe(404)
      expect(res.body).toEqual(INVITATION_NOT_FOUND)
    }
  })

  it('answers the organization 404 for an unknown org', async () => {
    const res = await api.get('/api/v2/organizations/org_AAAAAAAAAAAAAAAA/invitations/uinv_AAAAAAAAAAAAAAAA')
    expect(res.body).toEqual(ORG_NOT_FOUND)
  })
})

describe('DELETE /organizations/{id}/invitations/{invitation_id}', () => {
  it('answers 204 with no body; the invitation is gone; deleting again is 204', async () => {
    const { path, body } = await setup()
    const made = (await api.post(path, body())).body
    const res = await api.delete(`${path}/${made.id}`)
    expect(res.status).toBe(204)
    expect(res.body).toBe('')
    expect((await api.get(`${path}/${made.id}`)).body).toEqual(INVITATION_NOT_FOUND)
    expect((await api.delete(`${path}/${made.id}`)).status).toBe(204)
  })

  it("never deletes another org's invitation", async () => {
    const { path } = await setup()
    const other = await setup()
    const theirs = (await api.post(other.path, other.body())).body
    expect((await api.delete(`${path}/${theirs.id}`)).status).toBe(204)
    expect((await api.get(`${other.path}/${theirs.id}`)).status).toBe(200)
  })

  it('answers the organization 404 for an unknown org', async () => {
    const res = await api.delete('/api/v2/organizations/org_AAAAAAAAAAAAAAAA/invitations/uinv_AAAAAAAAAAAAAAAA')
    expect(res.status).toBe(404)
    expect(res.body).toEqual(ORG_NOT_FOUND)
  })
})

describe('scopes', () => {
  it.each([
    ['POST', '', 'create:organization_invitations'],
    ['GET', '', 'read:organization_invitations'],
    ['GET', '/uinv_AAAAAAAAAAAAAAAA', 'read:organization_invitations'],
    ['DELETE', '/uinv_AAAAAAAAAAAAAAAA', 'delete:organization_invitations'],
  ])('%s …/invitations%s needs %s', async (method, suffix, scope) => {
    const { path, body } = await setup()
    const payload = method === 'POST' ? body() : undefined
    const denied = await call(method, `${path}${suffix}`, payload, { scopes: ['read:organizations'] })
    expect(denied.status).toBe(403)
    expect(denied.body).toEqual(auth0Error(403, `Insufficient scope, expected any of: ${scope}`, 'insufficient_scope'))
    expect((await call(method, `${path}${suffix}`, payload, { scopes: [scope] })).status).not.toBe(403)
  })

  it('answers 401 without a token', async () => {
    const { path } = await setup()
    const res = await api.get(path, { token: null })
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Missing authentication' })
  })
})
