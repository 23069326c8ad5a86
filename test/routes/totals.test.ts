import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api } from '../helpers/api'
import { expectCountersExact } from '../helpers/counters'
import { createConnection, createOrganization, createRole, createUser } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'
import { deleteOrganization } from '../../src/db/organizations'
import { deleteUser } from '../../src/db/users'

const enc = encodeURIComponent

/** `total` of an offset list, and the items the list really yields when paged to the end. */
async function totalAndItems(path: string, key: string): Promise<{ total: number; items: number }> {
  const sep = path.includes('?') ? '&' : '?'
  const first = await api.get(`${path}${sep}include_totals=true&per_page=50`)
  expect(first.status).toBe(200)
  let items = first.body[key].length
  for (let page = 1; items === page * 50; page++) items += (await api.get(`${path}${sep}include_totals=true&per_page=50&page=${page}`)).body[key].length
  return { total: first.body.total, items }
}

async function expectTotalIsCount(path: string, key: string, expected?: number) {
  const { total, items } = await totalAndItems(path, key)
  expect(total).toBe(items)
  if (expected !== undefined) expect(total).toBe(expected)
}

const pick = <T>(all: T[], i: number, n: number) => Array.from({ length: n }, (_, k) => all[(i * 7 + k * 3) % all.length]!)

describe('totals under concurrent writes', () => {
  it('members: 50 concurrent adds and removes of overlapping users leave total == members listed', async () => {
    const org = await createOrganization()
    const users = await Promise.all(Array.from({ length: 20 }, () => createUser()))
    const ids = users.map((u) => u.user_id)
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 3 === 2
          ? api.delete(`/api/v2/organizations/${org.id}/members`, { members: pick(ids, i, 4) })
          : api.post(`/api/v2/organizations/${org.id}/members`, { members: pick(ids, i, 5) }),
      ),
    )
    expect(results.map((r) => r.status).filter((s) => s !== 204)).toEqual([])
    const listed = (await api.get(`/api/v2/organizations/${org.id}/members?per_page=100`)).body.length
    await expectTotalIsCount(`/api/v2/organizations/${org.id}/members`, 'members', listed)
    for (const user of users.slice(0, 5)) await expectTotalIsCount(`/api/v2/users/${enc(user.user_id)}/organizations`, 'organizations')
    await expectCountersExact()
  })

  it("member roles: concurrent assigns and removals leave total == the member's roles listed", async () => {
    const org = await createOrganization()
    const user = await createUser()
    const roles = (await Promise.all(Array.from({ length: 12 }, () => createRole()))).map((r) => r.id)
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] })
    const path = `/api/v2/organizations/${org.id}/members/${enc(user.user_id)}/roles`
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 3 === 2 ? api.delete(path, { roles: pick(roles, i, 3) }) : api.post(path, { roles: pick(roles, i, 4) }))),
    )
    expect(results.map((r) => r.status).filter((s) => s !== 204)).toEqual([])
    await expectTotalIsCount(path, 'roles')
    await expectCountersExact()
  })

  it('organizations: concurrent creates and deletes leave total == organizations listed', async () => {
    const doomed = await Promise.all(Array.from({ length: 10 }, () => createOrganization()))
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => createOrganization()),
      ...doomed.map((o) => api.delete(`/api/v2/organizations/${o.id}`)),
      ...doomed.slice(0, 5).map((o) => api.delete(`/api/v2/organizations/${o.id}`)), // a second delete of the same org is a 404 and counts nothing
    ])
    expect(results.length).toBe(35)
    await expectTotalIsCount('/api/v2/organizations', 'organizations')
    await expectCountersExact()
  })

  it('connections: concurrent adds, removals and is_enabled changes through both APIs keep both totals exact', async () => {
    const org = await createOrganization()
    const conns = await Promise.all(Array.from({ length: 6 }, () => createConnection('auth0')))
    const classic = `/api/v2/organizations/${org.id}/enabled_connections`
    const modern = `/api/v2/organizations/${org.id}/connections`
    await Promise.all(
      Array.from({ length: 36 }, (_, i) => {
        const c = conns[i % conns.length]!.id
        switch (i % 4) {
          case 0: return api.post(classic, { connection_id: c, assign_membership_on_login: false })
          case 1: return api.post(modern, { connection_id: c, is_enabled: i % 8 === 1 })
          case 2: return api.patch(`${modern}/${c}`, { is_enabled: i % 8 === 2 })
          default: return api.delete(`${classic}/${c}`)
        }
      }),
    )
    await expectTotalIsCount(classic, 'enabled_connections')
    await expectTotalIsCount(modern, 'connections')
    await expectTotalIsCount(`${modern}?is_enabled=false`, 'connections')
    await expectCountersExact()
  })
})

describe('totals while a delete awaits its cleanup, and after it', () => {
  it("a user's organizations never count a deleted organization", async () => {
    const user = await createUser()
    const orgs = [await createOrganization(), await createOrganization(), await createOrganization()]
    for (const org of orgs) await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] })
    const path = `/api/v2/users/${enc(user.user_id)}/organizations`
    await expectTotalIsCount(path, 'organizations', 3)
    expect((await api.delete(`/api/v2/organizations/${orgs[1]!.id}`)).status).toBe(204)
    await expectTotalIsCount(path, 'organizations', 2)
    await runPendingCleanups()
    await expectTotalIsCount(path, 'organizations', 2)
    await expectCountersExact()
  })

  it("an organization's members never count a deleted user, nor one re-created under the same id twice", async () => {
    const org = await createOrganization()
    const [keep, gone] = [await createUser(), await createUser({ user_id: `totals-${Date.now()}` })]
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [keep.user_id, gone.user_id] })
    const path = `/api/v2/organizations/${org.id}/members`
    await expectTotalIsCount(path, 'members', 2)
    // The delete as the route does it, minus the enqueue: the queue would otherwise run the cleanup in
    // the background, and under load it could finish before the re-create below.
    expect(await deleteUser(env.DB, gone.user_id)).not.toBeNull()
    await expectTotalIsCount(path, 'members', 1)
    // Re-created before the cleanup: the old membership shows again (the list joins by id), and is counted once.
    await new Promise((resolve) => setTimeout(resolve, 5))
    await createUser({ user_id: gone.user_id.replace(/^auth0\|/, ''), email: `again-${gone.email}` })
    await expectTotalIsCount(path, 'members', 2)
    await runPendingCleanups()
    await expectTotalIsCount(path, 'members', 1)
    await expectCountersExact()
  })

  it("a member's roles never count a deleted role", async () => {
    const org = await createOrganization()
    const user = await createUser()
    const [keep, gone] = [await createRole(), await createRole()]
    const path = `/api/v2/organizations/${org.id}/members/${enc(user.user_id)}/roles`
    await api.post(path, { roles: [keep.id, gone.id] })
    await expectTotalIsCount(path, 'roles', 2)
    expect((await api.delete(`/api/v2/roles/${gone.id}`)).status).toBe(200)
    await expectTotalIsCount(path, 'roles', 1)
    await runPendingCleanups()
    await expectTotalIsCount(path, 'roles', 1)
    await expectCountersExact()
  })

  it("an organization's connections never count a deleted connection, and its users' memberships go with them", async () => {
    const [keep, gone] = [await createConnection('auth0'), await createConnection('auth0')]
    const org = await createOrganization({ enabled_connections: [{ connection_id: keep.id }, { connection_id: gone.id }] })
    const goner = await createUser({ connection: gone.name })
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [goner.user_id] })
    const classic = `/api/v2/organizations/${org.id}/enabled_connections`
    await expectTotalIsCount(classic, 'enabled_connections', 2)
    expect((await api.delete(`/api/v2/connections/${gone.id}`)).status).toBe(202)
    await expectTotalIsCount(classic, 'enabled_connections', 1)
    await expectTotalIsCount(`/api/v2/organizations/${org.id}/connections`, 'connections', 1)
    await runPendingCleanups()
    await expectTotalIsCount(classic, 'enabled_connections', 1)
    await expectTotalIsCount(`/api/v2/organizations/${org.id}/members`, 'members', 0)
    await expectCountersExact()
  })

  it('counters are exact between the chunks of a large organization cleanup, and its own go with it', async () => {
    const { roles } = (await api.post('/__bench/seed/roles', { names: [`totals-a-${Date.now()}`, `totals-b-${Date.now()}`] })).body
    const roleIds = roles.map((r: { id: string }) => r.id)
    const base = Date.UTC(2026, 0, 1)
    await api.post('/__bench/seed/users', { from: 1, count: 2300, base_ms: base })
    const [doomed, other] = [(await api.post('/__bench/seed/organization', { name: `totals-doomed-${Date.now()}` })).body, (await api.post('/__bench/seed/organization', { name: `totals-other-${Date.now()}` })).body]
    await api.post('/__bench/seed/members', { org_id: doomed.id, from: 1, count: 2300, base_ms: base, role_ids: roleIds })
    await api.post('/__bench/seed/members', { org_id: other.id, from: 1, count: 5, base_ms: base, role_ids: [] })
    await expectCountersExact()
    const user = `/api/v2/users/${enc('auth0|bench000001')}/organizations`
    await expectTotalIsCount(user, 'organizations', 2)

    // The delete as the route does it, minus the enqueue: this test runs the cleanup's chunks itself.
    expect(await deleteOrganization(env.DB, doomed.id)).not.toBeNull()
    await expectTotalIsCount(user, 'organizations', 1)
    const { runCleanup } = await import('../../src/queue/cleanup')
    const record = await env.DB.prepare("SELECT id FROM cleanups WHERE kind = 'organization' AND target_id = ?").bind(doomed.id).first<{ id: string }>()
    const job = { type: 'organization.cleanup', cleanupId: record!.id, orgId: doomed.id } as const
    const quiet = { ...env, JOBS: { send: async () => undefined } as unknown as Queue }
    for (let chunk = 0; chunk < 4; chunk++) {
      await runCleanup(job as never, quiet as never, 1)
      await expectCountersExact()
      await expectTotalIsCount(user, 'organizations', 1)
    }
    await runPendingCleanups()
    expect(await env.DB.prepare('SELECT count(*) AS n FROM member_role_counts WHERE org_id = ?').bind(doomed.id).first('n')).toBe(0)
    expect(await env.DB.prepare("SELECT n FROM user_organization_counts WHERE user_id = 'auth0|bench002000'").first('n')).toBe(0)
    await expectTotalIsCount(user, 'organizations', 1)
  })
})
