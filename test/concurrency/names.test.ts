import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import { createClient, createConnection, createOrganization, createResourceServer, createRole } from '../helpers/factories'

const N = 50
const times = <T>(n: number, make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)))
const statuses = (answers: { status: number }[]) => answers.map((a) => a.status).sort()
const count = async (sql: string, ...args: unknown[]) => (await env.DB.prepare(sql).bind(...args).first<{ n: number }>())!.n
const slug = (prefix: string) => unique(prefix).toLowerCase().replace(/[^a-z0-9-]/g, '-')

describe(`unique names under ${N} concurrent writes: one wins, the rest are told why`, () => {
  it('organizations created with one name', async () => {
    const name = slug('org')
    const answers = await times(N, () => api.post('/api/v2/organizations', { name }))
    expect(statuses(answers)).toEqual([201, ...Array(N - 1).fill(409)])
    for (const lost of answers.filter((a) => a.status === 409)) {
      expect(lost.body).toEqual(auth0Error(409, 'An organization with this name already exists.', 'organization_conflict'))
    }
    const winner = answers.find((a) => a.status === 201)!.body
    expect(await count('SELECT count(*) AS n FROM organizations WHERE name = ?', name)).toBe(1)
    expect((await api.get(`/api/v2/organizations/name/${name}`)).body).toEqual(winner)
  })

  it('organizations renamed onto one name', async () => {
    const orgs = await times(N, () => createOrganization())
    const name = slug('renamed')
    const answers = await times(N, (i) => api.patch(`/api/v2/organizations/${orgs[i]!.id}`, { name }))
    expect(statuses(answers)).toEqual([200, ...Array(N - 1).fill(409)])
    const winner = orgs[answers.findIndex((a) => a.status === 200)]!
    const { results } = await env.DB.prepare('SELECT id FROM organizations WHERE name = ?').bind(name).all<{ id: string }>()
    expect(results).toEqual([{ id: winner.id }])
    expect((await api.get(`/api/v2/organizations/name/${name}`)).body.id).toBe(winner.id)
    // The losers keep their names, and are still found by them.
    for (const [i, org] of orgs.entries()) if (answers[i]!.status === 409) expect((await api.get(`/api/v2/organizations/name/${org.name}`)).body.id).toBe(org.id)
  })

  it('roles created with one name, and renamed onto one name', async () => {
    const name = unique('role')
    const created = await times(N, () => api.post('/api/v2/roles', { name }))
    expect(statuses(created)).toEqual([200, ...Array(N - 1).fill(409)])
    expect(created.find((a) => a.status === 409)!.body).toEqual(auth0Error(409, 'Role name already exists'))
    const roles = await times(N, () => createRole())
    const target = unique('role')
    const renamed = await times(N, (i) => api.patch(`/api/v2/roles/${roles[i]!.id}`, { name: target }))
    expect(statuses(renamed)).toEqual([200, ...Array(N - 1).fill(409)])
    expect(await count('SELECT count(*) AS n FROM roles WHERE name IN (?, ?)', name, target)).toBe(2)
  })

  it('connections created with one name', async () => {
    const name = slug('conn')
    const answers = await times(N, () => api.post('/api/v2/connections', { name, strategy: 'auth0' }))
    expect(statuses(answers)).toEqual([201, ...Array(N - 1).fill(409)])
    expect(answers.find((a) => a.status === 409)!.body).toEqual(auth0Error(409, 'A connection with the same name already exists', 'connection_conflict'))
    expect(await count('SELECT count(*) AS n FROM connections WHERE name = ?', name)).toBe(1)
  })

  it('users created with one email in a connection', async () => {
    const connection = await createConnection()
    const email = `${unique('same')}@example.com`
    const answers = await times(N, () => api.post('/api/v2/users', { connection: connection.name, email, password: 'Passw0rd!' }))
    expect(statuses(answers)).toEqual([201, ...Array(N - 1).fill(409)])
    expect(answers.find((a) => a.status === 409)!.body).toEqual(auth0Error(409, 'The user already exists.', 'auth0_idp_error'))
    expect(await count('SELECT count(*) AS n FROM users WHERE email = ?', email)).toBe(1)
  })

  it('client grants created for one client and audience', async () => {
    const { client_id } = await createClient()
    const { identifier: audience } = await createResourceServer(['read:x'])
    const answers = await times(N, () => api.post('/api/v2/client-grants', { client_id, audience, scope: ['read:x'] }))
    expect(statuses(answers)).toEqual([201, ...Array(N - 1).fill(409)])
    expect(answers.find((a) => a.status === 409)!.body).toEqual(auth0Error(409, `A client grant already exists between ${client_id} and ${audience}`))
    expect(await count('SELECT count(*) AS n FROM client_grants WHERE client_id = ? AND audience = ?', client_id, audience)).toBe(1)
  })
})
