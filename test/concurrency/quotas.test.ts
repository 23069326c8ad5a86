import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import { createClient, createConnection, createOrganization, createResourceServer, createRole, createUser } from '../helpers/factories'

const N = 50
const statuses = (answers: { status: number }[]) => answers.map((a) => a.status).sort()
const count = async (sql: string, ...args: unknown[]) => (await env.DB.prepare(sql).bind(...args).first<{ n: number }>())!.n
const times = <T>(n: number, make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)))

describe('entity limits under concurrent writes', () => {
  it(`10 connections per organization: of ${N} concurrent enables, exactly 10 land`, async () => {
    const org = await createOrganization()
    const connections = await times(N, () => createConnection())
    const answers = await times(N, (i) => api.post(`/api/v2/organizations/${org.id}/enabled_connections`, { connection_id: connections[i]!.id }))
    expect(statuses(answers)).toEqual([...Array(10).fill(201), ...Array(N - 10).fill(409)])
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body).toEqual(auth0Error(409, 'Quota exceeded; cannot add more than 10 connections to a single organization'))
    }
    const enabled = answers.filter((a) => a.status === 201).map((a) => a.body.connection_id).sort()
    const { results } = await env.DB.prepare('SELECT connection_id FROM org_connections WHERE org_id = ? ORDER BY connection_id').bind(org.id).all<{ connection_id: string }>()
    expect(results.map((r) => r.connection_id)).toEqual(enabled)
  })

  it(`50 roles per member: of ${N} concurrent single-role assignments on top of 20, exactly 30 land`, async () => {
    const org = await createOrganization()
    const user = await createUser()
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] })
    const path = `/api/v2/organizations/${org.id}/members/${encodeURIComponent(user.user_id)}/roles`
    const held = await times(20, () => createRole())
    expect((await api.post(path, { roles: held.map((r) => r.id) })).status).toBe(204)
    const roles = await times(N, () => createRole())
    const answers = await times(N, (i) => api.post(path, { roles: [roles[i]!.id] }))
    expect(statuses(answers)).toEqual([...Array(30).fill(204), ...Array(N - 30).fill(409)])
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body).toEqual(auth0Error(409, 'No more roles can be assigned to this organization member.'))
    }
    const assigned = roles.filter((_, i) => answers[i]!.status === 204).map((r) => r.id)
    const { results } = await env.DB.prepare('SELECT role_id FROM org_member_roles WHERE org_id = ? AND user_id = ?').bind(org.id, user.user_id).all<{ role_id: string }>()
    expect(results.map((r) => r.role_id).sort()).toEqual([...held.map((r) => r.id), ...assigned].sort())
  })

  it('50 roles per member: a request of several roles lands whole or not at all', async () => {
    const org = await createOrganization()
    const user = await createUser()
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] })
    const path = `/api/v2/organizations/${org.id}/members/${encodeURIComponent(user.user_id)}/roles`
    expect((await api.post(path, { roles: (await times(41, () => createRole())).map((r) => r.id) })).status).toBe(204)
    // 9 places left: of 25 requests of 3 roles each, exactly 3 fit.
    const batches = await times(25, () => times(3, () => createRole()))
    const answers = await times(25, (i) => api.post(path, { roles: batches[i]!.map((r) => r.id) }))
    expect(statuses(answers)).toEqual([...Array(3).fill(204), ...Array(22).fill(409)])
    const held = new Set((await env.DB.prepare('SELECT role_id FROM org_member_roles WHERE org_id = ? AND user_id = ?').bind(org.id, user.user_id).all<{ role_id: string }>()).results.map((r) => r.role_id))
    expect(held.size).toBe(50)
    for (const [i, batch] of batches.entries()) {
      expect(batch.map((r) => held.has(r.id)), `request ${i} answered ${answers[i]!.status}`).toEqual(Array(3).fill(answers[i]!.status === 204))
    }
  })

  it(`100 client grants per organization: of ${N} concurrent associations on top of 70, exactly 30 land`, async () => {
    const org = await createOrganization()
    const { client_id } = await createClient()
    // A grant's audience must name an API defining its scopes: one API per grant (a client has one grant per audience).
    const apis = await times(70 + N, () => createResourceServer(['read:x']))
    const grant = (i: number) => api.post('/api/v2/client-grants', { client_id, audience: apis[i]!.identifier, scope: ['read:x'], organization_usage: 'allow' })
    const grants = (await times(70 + N, grant)).map((g) => g.body.id as string)
    const associate = (id: string) => api.post(`/api/v2/organizations/${org.id}/client-grants`, { grant_id: id })
    for (let i = 0; i < 70; i += 10) await Promise.all(grants.slice(i, i + 10).map(associate))
    const answers = await Promise.all(grants.slice(70).map(associate))
    expect(statuses(answers)).toEqual([...Array(30).fill(201), ...Array(N - 30).fill(409)])
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body).toEqual(auth0Error(409, 'Quota exceeded; cannot add more than 100 client grants to a single organization'))
    }
    expect(await count('SELECT count(*) AS n FROM org_client_grants WHERE org_id = ?', org.id)).toBe(100)
  })
})
