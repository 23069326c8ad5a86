import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api } from '../helpers/api'
import { createConnection, createOrganization, createRole, createUser } from '../helpers/factories'
import { runPendingCleanups } from '../helpers/queue'

const N = 50
const times = <T>(n: number, make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)))
const column = async (sql: string, ...args: unknown[]) => (await env.DB.prepare(sql).bind(...args).all<{ v: string }>()).results.map((r) => r.v).sort()

describe(`batch associations under ${N} concurrent writes`, () => {
  it('members added in overlapping batches: every request 204, the members are exactly the union', async () => {
    const org = await createOrganization()
    const users = await times(20, () => createUser())
    // Request i adds users i..i+4 (mod 20): every user is named by several requests at once.
    const answers = await times(N, (i) =>
      api.post(`/api/v2/organizations/${org.id}/members`, { members: [0, 1, 2, 3, 4].map((k) => users[(i + k) % 20]!.user_id) }),
    )
    expect(answers.map((a) => a.status)).toEqual(Array(N).fill(204))
    expect(await column('SELECT user_id AS v FROM org_members WHERE org_id = ?', org.id)).toEqual(users.map((u) => u.user_id).sort())
  })

  it('member roles assigned in overlapping batches: every request 204, the roles are exactly the union', async () => {
    const org = await createOrganization()
    const user = await createUser()
    await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] })
    const roles = await times(25, () => createRole())
    const path = `/api/v2/organizations/${org.id}/members/${encodeURIComponent(user.user_id)}/roles`
    const answers = await times(N, (i) => api.post(path, { roles: [0, 1, 2].map((k) => roles[(i + k) % 25]!.id) }))
    expect(answers.map((a) => a.status)).toEqual(Array(N).fill(204))
    expect(await column('SELECT role_id AS v FROM org_member_roles WHERE org_id = ? AND user_id = ?', org.id, user.user_id)).toEqual(roles.map((r) => r.id).sort())
  })

  it('an organization deleted while members, roles, connections and invitations are being added leaves nothing behind', async () => {
    const org = await createOrganization()
    const users = await times(10, () => createUser())
    const role = await createRole()
    const connection = await createConnection()
    const writes = times(N - 1, (i) => {
      const user = users[i % 10]!.user_id
      if (i % 3 === 0) return api.post(`/api/v2/organizations/${org.id}/members`, { members: [user] })
      if (i % 3 === 1) return api.post(`/api/v2/organizations/${org.id}/members/${encodeURIComponent(user)}/roles`, { roles: [role.id] })
      return api.post(`/api/v2/organizations/${org.id}/enabled_connections`, { connection_id: connection.id })
    })
    const [answers, deleted] = await Promise.all([writes, api.delete(`/api/v2/organizations/${org.id}`)])
    expect(deleted.status).toBe(204)
    expect(answers.every((a) => [201, 204, 404, 409].includes(a.status))).toBe(true)
    await runPendingCleanups()
    for (const table of ['org_members', 'org_member_roles', 'org_connections', 'invitations', 'org_client_grants']) {
      expect(await column(`SELECT org_id AS v FROM ${table} WHERE org_id = ?`, org.id), table).toEqual([])
    }
  })

  it('the signup rule holds whatever order concurrent PATCHes of one enabled connection land in', async () => {
    const org = await createOrganization()
    const connection = await createConnection('auth0')
    const path = `/api/v2/organizations/${org.id}/enabled_connections/${connection.id}`
    await api.post(`/api/v2/organizations/${org.id}/enabled_connections`, { connection_id: connection.id, assign_membership_on_login: true })
    const answers = await times(N, (i) =>
      api.patch(path, i % 2 ? { is_signup_enabled: true } : { assign_membership_on_login: false }),
    )
    expect(answers.every((a) => a.status === 200 || a.status === 400)).toBe(true)
    const { body } = await api.get(path)
    // Signup on needs membership on login: both cannot end up changed.
    expect(body.is_signup_enabled && !body.assign_membership_on_login).toBe(false)
    for (const ok of answers.filter((a) => a.status === 200)) expect(ok.body.is_signup_enabled && !ok.body.assign_membership_on_login).toBe(false)
  })

  it('tenant settings patched field by field, concurrently: every field keeps what was written to it', async () => {
    const fields = { friendly_name: 'Fuzz Inc.', picture_url: 'https://example.com/p.png', support_email: 'help@example.com', support_url: 'https://example.com/help', default_redirection_uri: 'https://example.com/login' }
    const entries = Object.entries(fields)
    const answers = await times(N, (i) => api.patch('/api/v2/tenants/settings', Object.fromEntries([entries[i % entries.length]!])))
    expect(answers.map((a) => a.status)).toEqual(Array(N).fill(200))
    expect((await api.get('/api/v2/tenants/settings')).body).toMatchObject(fields)
  })
})
