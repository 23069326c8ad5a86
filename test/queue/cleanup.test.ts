import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import type { Env } from '../../src/env'
import { CHUNK, USER_CHUNK } from '../../src/db/cleanups'
import { deleteConnection } from '../../src/db/connections'
import { deleteOrganization } from '../../src/db/organizations'
import { runCleanup } from '../../src/queue/cleanup'
import { backoff } from '../../src/queue/consumer'
import type { Job } from '../../src/queue/jobs'
import { api } from '../helpers/api'
import { createConnection, createOrganization, createOrgRole, createRole, createUser } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'

const enc = encodeURIComponent

async function deliver(body: unknown, attempts = 1) {
  const batch = createMessageBatch('edge-orgs-jobs', [{ id: `msg-${Math.random()}`, timestamp: new Date(), attempts, body }])
  const ctx = createExecutionContext()
  await worker.queue(batch, env, ctx)
  return getQueueResult(batch, ctx)
}

async function cleanupOf(targetId: string) {
  return env.DB.prepare('SELECT id, kind, target_id, state FROM cleanups WHERE target_id = ?').bind(targetId).first<{ id: string; state: string }>()
}

async function rowsNaming(orgId: string) {
  const counts: Record<string, unknown> = {}
  for (const table of ['org_members', 'org_member_roles', 'invitations', 'org_connections', 'org_client_grants', 'org_discovery_domains', 'org_clients']) {
    counts[table] = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE org_id = ?`).bind(orgId).first('n')
  }
  return counts
}

const NONE = { org_members: 0, org_member_roles: 0, invitations: 0, org_connections: 0, org_client_grants: 0, org_discovery_domains: 0, org_clients: 0 }

/** Seeds `n` members with a role each straight into D1 for an org id, in set-based statements. */
async function seedMembers(orgId: string, n: number, roleId: string) {
  const at = '2026-01-01T00:00:00.000Z'
  await env.DB.batch([
    env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?2)
       INSERT INTO org_members (org_id, user_id, created_at) SELECT ?1, 'auth0|seed' || i, ?3 FROM seq`,
    ).bind(orgId, n, at),
    env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?2)
       INSERT INTO org_member_roles (org_id, user_id, role_id, created_at) SELECT ?1, 'auth0|seed' || i, ?4, ?3 FROM seq`,
    ).bind(orgId, n, at, roleId),
  ])
}

/**
 * The delete as the route does it, minus the enqueue: tests that count rows between chunks must be
 * the only ones running the cleanup (the real queue would deliver the job in the background).
 */
async function deleteWithoutQueue(orgId: string) {
  expect(await deleteOrganization(env.DB, orgId)).not.toBeNull()
}

/** An env whose JOBS producer records what it is sent instead of delivering it. */
function capturingEnv(overrides: Partial<Env> = {}) {
  const sent: Job[] = []
  const jobs = { send: async (body: Job) => void sent.push(body), sendBatch: async () => undefined } as unknown as Queue<Job>
  return { env: { ...env, JOBS: jobs, ...overrides } as Env, sent }
}

describe('organization cleanup', () => {
  it('removes everything a deleted org had, through the queue, and leaves users alone', async () => {
    const org = await createOrganization()
    const user = await createUser()
    const role = await createRole()
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] })
    await api.post(`/api/v2/organizations/${org.id}/members/${enc(user.user_id)}/roles`, { roles: [role.id] })
    await env.DB.prepare(`INSERT INTO invitations (id, org_id, doc, created_at, expires_at) VALUES ('uinv_x', ?, '{}', '2026-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z')`).bind(org.id).run()
    await env.DB.prepare(`INSERT INTO org_connections (org_id, connection_id, created_at) VALUES (?, 'con_x', '2026-01-01T00:00:00.000Z')`).bind(org.id).run()
    await env.DB.prepare(`INSERT INTO org_client_grants (org_id, grant_id, created_at) VALUES (?, 'cgr_x', '2026-01-01T00:00:00.000Z')`).bind(org.id).run()
    await env.DB.prepare(`INSERT INTO org_clients (org_id, client_id, use_for_member_access, created_at) VALUES (?, 'client_x', 1, '2026-01-01T00:00:00.000Z')`).bind(org.id).run()
    expect((await api.post(`/api/v2/organizations/${org.id}/discovery-domains`, { domain: `${org.name}.example`, status: 'verified' })).status).toBe(201)

    expect((await api.delete(`/api/v2/organizations/${org.id}`)).status).toBe(204)
    // Its discovery domains go with the org row: a verified one is free for another organization at once.
    expect(await env.DB.prepare('SELECT count(*) AS n FROM org_discovery_domains WHERE org_id = ?').bind(org.id).first('n')).toBe(0)
    // While cleanup is pending the org is invisible on every route.
    expect((await api.get(`/api/v2/organizations/${org.id}/members`)).status).toBe(404)
    expect((await api.get(`/api/v2/users/${enc(user.user_id)}/organizations`)).body).toEqual([])

    const record = (await cleanupOf(org.id))!
    const result = await deliver({ type: 'organization.cleanup', cleanupId: record.id, orgId: org.id })
    expect(result.explicitAcks).toHaveLength(1)
    expect(await rowsNaming(org.id)).toEqual(NONE)
    expect((await cleanupOf(org.id))!.state).toBe('done')
    expect((await api.get(`/api/v2/users/${enc(user.user_id)}`)).status).toBe(200)
    expect((await api.get(`/api/v2/roles/${role.id}`)).status).toBe(200)
  })

  it("removes the org's own roles in chunks, each role only after its permissions, never another org's", async () => {
    const [doomed, bystander] = [await createOrganization(), await createOrganization()]
    const own = await createOrgRole(doomed.id)
    const spare = await createOrgRole(doomed.id)
    const kept = await createOrgRole(bystander.id)
    const server = (await api.post('/api/v2/resource-servers', { identifier: `https://${doomed.name}.example/` })).body
    // More permissions than one chunk deletes, straight into D1.
    await env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?3)
       INSERT INTO role_permissions (role_id, resource_server_id, permission_name, created_at) SELECT ?1, ?2, 'p' || i, '2026-01-01T00:00:00.000Z' FROM seq`,
    ).bind(own.id, server.id, CHUNK + 10).run()
    await env.DB.prepare(`INSERT INTO role_permissions (role_id, resource_server_id, permission_name, created_at) VALUES (?, ?, 'p', '2026-01-01T00:00:00.000Z')`).bind(kept.id, server.id).run()
    await deleteWithoutQueue(doomed.id)
    const record = (await cleanupOf(doomed.id))!
    const job: Job = { type: 'organization.cleanup', cleanupId: record.id, orgId: doomed.id }
    const { env: capture } = capturingEnv()
    await runCleanup(job as never, capture, 1)
    const roles = async () => (await env.DB.prepare('SELECT id FROM roles WHERE owner_id = ? ORDER BY id').bind(doomed.id).all<{ id: string }>()).results.map((r) => r.id)
    // The role without permissions went in the first chunk; the other waits for the rest of its permissions.
    expect(await roles()).toEqual([own.id])
    expect(await env.DB.prepare('SELECT count(*) AS n FROM role_permissions WHERE role_id = ?').bind(own.id).first('n')).toBe(10)
    await runCleanup(job as never, capture, 1)
    await runCleanup(job as never, capture, 1)
    expect(await roles()).toEqual([])
    expect(spare.id).not.toBe(own.id)
    expect((await api.get(`/api/v2/roles/${kept.id}`)).status).toBe(200)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM role_permissions WHERE role_id = ?').bind(kept.id).first('n')).toBe(1)
  })

  it('works in chunks, re-enqueuing itself until done, never touching another org or a same-name successor', async () => {
    const role = await createRole()
    const doomed = await createOrganization()
    const bystander = await createOrganization()
    await seedMembers(doomed.id, CHUNK * 2 + 500, role.id)
    await seedMembers(bystander.id, 10, role.id)
    await deleteWithoutQueue(doomed.id)
    const successor = await createOrganization({ name: doomed.name })
    await seedMembers(successor.id, 10, role.id)
    const record = (await cleanupOf(doomed.id))!
    const job: Job = { type: 'organization.cleanup', cleanupId: record.id, orgId: doomed.id }

    const { env: capture, sent } = capturingEnv()
    await runCleanup(job as never, capture, 1)
    expect(sent).toEqual([job])
    expect(await env.DB.prepare('SELECT count(*) AS n FROM org_members WHERE org_id = ?').bind(doomed.id).first('n')).toBe(CHUNK + 500)
    await runCleanup(job as never, capture, 1)
    await runCleanup(job as never, capture, 1)
    expect(await rowsNaming(doomed.id)).toEqual(NONE)
    await runCleanup(job as never, capture, 1)
    expect(sent).toHaveLength(3)
    expect((await cleanupOf(doomed.id))!.state).toBe('done')

    for (const org of [bystander, successor]) {
      expect(await env.DB.prepare('SELECT count(*) AS n FROM org_members WHERE org_id = ?').bind(org.id).first('n')).toBe(10)
      expect(await env.DB.prepare('SELECT count(*) AS n FROM org_member_roles WHERE org_id = ?').bind(org.id).first('n')).toBe(10)
    }
  })

  it('resumes after a failure half-way and a redelivery after success changes nothing', async () => {
    const role = await createRole()
    const org = await createOrganization()
    await seedMembers(org.id, CHUNK * 3, role.id)
    await deleteWithoutQueue(org.id)
    const record = (await cleanupOf(org.id))!
    const job: Job = { type: 'organization.cleanup', cleanupId: record.id, orgId: org.id }

    let calls = 0
    const flaky = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'batch') {
          return (statements: D1PreparedStatement[]) => (++calls === 2 ? Promise.reject(new Error('D1 went away')) : target.batch(statements))
        }
        const value = Reflect.get(target, prop)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    await expect(runCleanup(job as never, capturingEnv({ DB: flaky }).env)).rejects.toThrow('D1 went away')
    expect(await env.DB.prepare('SELECT count(*) AS n FROM org_members WHERE org_id = ?').bind(org.id).first('n')).toBe(CHUNK * 2)

    const first = await deliver(job, 2)
    expect(first.explicitAcks).toHaveLength(1)
    expect(await rowsNaming(org.id)).toEqual(NONE)
    const again = await deliver(job, 1)
    expect(again.explicitAcks).toHaveLength(1)
    expect((await cleanupOf(org.id))!.state).toBe('done')
  })

  it('refuses to clean an organization that still exists', async () => {
    const org = await createOrganization()
    const user = await createUser()
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] })
    await env.DB.prepare(`INSERT INTO cleanups (id, kind, target_id, created_at) VALUES ('cln_bogus', 'organization', ?, '2999-01-01T00:00:00.000Z')`).bind(org.id).run()
    const result = await deliver({ type: 'organization.cleanup', cleanupId: 'cln_bogus', orgId: org.id })
    expect(result.retryMessages).toHaveLength(1)
    expect((await api.get(`/api/v2/organizations/${org.id}/members`)).body).toHaveLength(1)
    await env.DB.prepare("DELETE FROM cleanups WHERE id = 'cln_bogus'").run()
  })
})

describe('other cascades', () => {
  it("deleting a role held by many members removes its assignments in chunks", async () => {
    const role = await createRole()
    const keep = await createRole()
    const org = await createOrganization()
    await seedMembers(org.id, CHUNK + 10, role.id)
    await env.DB.prepare(`INSERT INTO org_member_roles (org_id, user_id, role_id, created_at) VALUES (?, 'auth0|seed1', ?, '2026-01-01T00:00:00.000Z')`).bind(org.id, keep.id).run()
    expect((await api.delete(`/api/v2/roles/${role.id}`)).status).toBe(200)
    const record = (await cleanupOf(role.id))!
    expect(record).toMatchObject({ kind: 'role', state: 'pending' })
    await deliver({ type: 'dependents.cleanup', cleanupId: record.id, kind: 'role', targetId: role.id })
    expect(await env.DB.prepare('SELECT count(*) AS n FROM org_member_roles WHERE role_id = ?').bind(role.id).first('n')).toBe(0)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM org_member_roles WHERE role_id = ?').bind(keep.id).first('n')).toBe(1)
    expect((await cleanupOf(role.id))!.state).toBe('done')
  })
})

describe('user and connection cascades', () => {
  it('a user re-created under the same id keeps what it gains after the delete', async () => {
    const conn = await createConnection('auth0')
    const user = await createUser({ connection: conn.name, user_id: 'reused-id-1' })
    const [oldOrg, newOrg] = [await createOrganization(), await createOrganization()]
    await api.post(`/api/v2/organizations/${oldOrg.id}/members`, { members: [user.user_id] })
    await api.delete(`/api/v2/users/${enc(user.user_id)}`)
    // Stamps must differ from the delete's, as they would in real time.
    await new Promise((resolve) => setTimeout(resolve, 5))
    await createUser({ connection: conn.name, user_id: 'reused-id-1', email: `again-${user.email}` })
    await api.post(`/api/v2/organizations/${newOrg.id}/members`, { members: [user.user_id] })
    await runPendingCleanups()
    expect((await api.get(`/api/v2/users/${enc(user.user_id)}/organizations`)).body).toEqual([newOrg])
  })

  it('deleting a connection removes its users (with their memberships) in chunks, and its org links', async () => {
    const conn = await createConnection('auth0')
    const org = await createOrganization({ enabled_connections: [{ connection_id: conn.id }] })
    const at = '2026-01-01T00:00:00.000Z'
    await env.DB.batch([
      env.DB.prepare(
        `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 450)
         INSERT INTO users (user_id, connection, created_at, updated_at) SELECT 'auth0|conn' || i, ?1, ?2, ?2 FROM seq`,
      ).bind(conn.name, at),
      env.DB.prepare(
        `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 450)
         INSERT INTO org_members (org_id, user_id, created_at) SELECT ?1, 'auth0|conn' || i, ?2 FROM seq`,
      ).bind(org.id, at),
    ])
    expect(await deleteConnection(env.DB, conn.id)).not.toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 5))
    const successor = await createConnection('auth0', conn.name)
    const newcomer = await createUser({ connection: successor.name })
    const record = (await cleanupOf(conn.id))!
    const { env: capture } = capturingEnv()
    await runCleanup({ type: 'dependents.cleanup', cleanupId: record.id, kind: 'connection', targetId: conn.id }, capture, 1)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM users WHERE connection = ?').bind(conn.name).first('n')).toBe(450 - USER_CHUNK + 1)
    await runPendingCleanups()
    expect(await env.DB.prepare('SELECT user_id FROM users WHERE connection = ?').bind(conn.name).all()).toMatchObject({ results: [{ user_id: newcomer.user_id }] })
    expect(await env.DB.prepare('SELECT count(*) AS n FROM org_members WHERE org_id = ?').bind(org.id).first('n')).toBe(0)
    expect(await env.DB.prepare('SELECT count(*) AS n FROM org_connections WHERE connection_id = ?').bind(conn.id).first('n')).toBe(0)
  })
})

describe('queue hygiene', () => {
  it('keeps a malformed job as a dead letter with its reason, without retrying', async () => {
    const result = await deliver({ type: 'organization.cleanup', orgId: 42 })
    expect(result.explicitAcks).toHaveLength(1)
    const letter = await env.DB.prepare("SELECT job_type, reason FROM dead_letters WHERE body LIKE '%\"orgId\":42%'").first()
    expect(letter).toEqual({ job_type: 'organization.cleanup', reason: expect.stringContaining('invalid job body') })
  })

  it('retries a failing job with backoff, and the dead-letter consumer keeps it with the last reason', async () => {
    const org = await createOrganization()
    const body = { type: 'organization.cleanup', cleanupId: 'cln_stillthere', orgId: org.id }
    await env.DB.prepare(`INSERT INTO cleanups (id, kind, target_id, created_at) VALUES ('cln_stillthere', 'organization', ?, '2026-01-01T00:00:00.000Z')`).bind(org.id).run()
    const first = await deliver(body, 1)
    expect(first.retryMessages).toEqual([{ msgId: expect.any(String) }])
    expect(first.explicitAcks).toEqual([])
    expect([1, 2, 3, 4, 5, 10].map(backoff)).toEqual([10, 20, 40, 80, 160, 600])

    const dead = createMessageBatch('edge-orgs-dlq', [{ id: 'dead-1', timestamp: new Date(), attempts: 6, body }])
    const ctx = createExecutionContext()
    await worker.queue(dead, env, ctx)
    expect((await getQueueResult(dead, ctx)).explicitAcks).toEqual(['dead-1'])
    const letter = await env.DB.prepare("SELECT job_type, reason, attempts FROM dead_letters WHERE body LIKE '%cln_stillthere%'").first()
    expect(letter).toEqual({ job_type: 'organization.cleanup', reason: `organization ${org.id} still exists: refusing to delete its dependents`, attempts: 6 })
    await env.DB.prepare("DELETE FROM cleanups WHERE id = 'cln_stillthere'").run()
  })
})
