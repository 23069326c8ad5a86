import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { deleteOrganization } from '../../src/db/organizations'
import { deleteRole } from '../../src/db/roles'
import { deleteUser } from '../../src/db/users'
import { api } from '../helpers/api'
import { rowsOf } from '../helpers/counters'
import { createConnection, createRole } from '../helpers/factories'

// Owns its storage (one file): 300 seeded organizations and an organization of 300 seeded members
// holding 2 roles each. D1 counts every table row a statement visits, a joined one included, so a
// member (membership + user) is 2 rows; with roles, each assignment and its role add 2, and each
// member's role range 1 more (SQLite reads the entry past the last to know the range ended).
const BASE_MS = Date.UTC(2026, 0, 1)
const SLACK = 10
const enc = encodeURIComponent
let big: { id: string; name: string }

beforeAll(async () => {
  const { roles } = (await api.post('/__bench/seed/roles', { names: ['rows-a', 'rows-b'] })).body
  await api.post('/__bench/seed/users', { from: 1, count: 300, base_ms: BASE_MS })
  await api.post('/__bench/seed/organizations', { from: 1, count: 300, base_ms: BASE_MS, prefix: 'rows' })
  big = (await api.post('/__bench/seed/organization', { name: 'rows-big' })).body
  await api.post('/__bench/seed/members', { org_id: big.id, from: 1, count: 300, base_ms: BASE_MS, role_ids: roles.map((r: { id: string }) => r.id) })
  // Deletes awaiting their cleanup (no queue: they stay pending), which every total must look past without a scan:
  // a member of the big org, an org the member belongs to, a role and a connection.
  const gone = (await api.post('/__bench/seed/organization', { name: 'rows-gone' })).body
  await api.post('/__bench/seed/members', { org_id: gone.id, from: 1, count: 5, base_ms: BASE_MS, role_ids: [] })
  await deleteOrganization(env.DB, gone.id)
  await deleteUser(env.DB, 'auth0|bench000007')
  await deleteRole(env.DB, (await createRole()).id)
  const conn = await createConnection('auth0')
  await env.DB.prepare('DELETE FROM connections WHERE id = ?').bind(conn.id).run()
  await env.DB.prepare(`INSERT INTO cleanups (id, kind, target_id, target_name, created_at) VALUES ('cln_rows_conn', 'connection', ?, ?, ?)`).bind(conn.id, conn.name, new Date().toISOString()).run()
})

describe('D1 rows per request (x-d1-rows-read, x-d1-rows-written)', () => {
  it('a checkpoint page of 50 organizations reads at most 60 rows, wherever it starts', async () => {
    const first = await api.get('/api/v2/organizations?include_totals=true&take=50')
    expect(first.body.organizations).toHaveLength(50)
    expect(rowsOf(first)).toEqual({ read: 51, written: 0 })
    const deep = await api.get(`/api/v2/organizations?take=50&from=${enc((await api.get('/__bench/cursor?position=240')).body.cursor)}`)
    expect(deep.body.organizations).toHaveLength(50)
    expect(rowsOf(deep).read).toBeLessThanOrEqual(50 + SLACK)
  })

  it('an offset page of organizations with include_totals reads its rows and one counter, not every organization', async () => {
    const res = await api.get('/api/v2/organizations?include_totals=true&per_page=50')
    expect(res.body.total).toBe(Number(await env.DB.prepare('SELECT count(*) AS n FROM organizations').first('n')))
    expect(rowsOf(res).read).toBeLessThanOrEqual(50 + SLACK)
    // Deeper pages read the rows they skip: page 2 of 100 reads 300 (Auth0's 1,000-record cap bounds them).
    expect(rowsOf(await api.get('/api/v2/organizations?include_totals=true&per_page=100&page=2')).read).toBeLessThanOrEqual(300 + SLACK)
  })

  it('member pages read 2 rows a member (membership and user), with roles 7, with or without totals', async () => {
    const members = `/api/v2/organizations/${big.id}/members`
    const checkpoint = await api.get(`${members}?include_totals=true&take=50`)
    expect(rowsOf(checkpoint).read).toBeLessThanOrEqual(2 * 50 + SLACK)
    const offset = await api.get(`${members}?include_totals=true&per_page=50`)
    expect(offset.body.total).toBe(299) // 300 seeded, one of them deleted and awaiting cleanup
    expect(rowsOf(offset).read).toBeLessThanOrEqual(2 * 50 + SLACK)
    const withRoles = await api.get(`${members}?include_totals=true&take=50&fields=user_id,roles`)
    expect(withRoles.body.members[0].roles).toHaveLength(2)
    expect(rowsOf(withRoles).read).toBeLessThanOrEqual(7 * 50 + SLACK)
  })

  it("a user's organizations, a member's roles and an org's connections read their page and a counter", async () => {
    const user = await api.get(`/api/v2/users/${enc('auth0|bench000003')}/organizations?include_totals=true`)
    expect(user.body.total).toBe(1)
    expect(rowsOf(user).read).toBeLessThanOrEqual(2 * 1 + SLACK)
    const roles = await api.get(`/api/v2/organizations/${big.id}/members/${enc('auth0|bench000003')}/roles?include_totals=true`)
    expect(roles.body.total).toBe(2)
    expect(rowsOf(roles).read).toBeLessThanOrEqual(2 * 2 + SLACK)
    const conns = await api.get(`/api/v2/organizations/${big.id}/enabled_connections?include_totals=true`)
    expect(conns.body.total).toBe(1)
    expect(rowsOf(conns).read).toBeLessThanOrEqual(2 * 1 + SLACK)
  })

  it('GET by id and by name (a KV miss) read 1 row', async () => {
    expect(rowsOf(await api.get(`/api/v2/organizations/${big.id}`))).toEqual({ read: 1, written: 0 })
    expect(rowsOf(await api.get('/api/v2/organizations/name/rows-000123'))).toEqual({ read: 1, written: 0 })
  })

  it('writes write their rows (with index entries), their events and at most 2 more', async () => {
    // An event (issue 17's outbox): its row, its id and time index entries, and the AUTOINCREMENT sequence.
    const EVENT = 4
    // An organization: its row and 4 index entries, the tenant's total, and its event.
    const created = await api.post('/api/v2/organizations', { name: 'rows-new', display_name: 'New' })
    expect(rowsOf(created).written).toBe(5 + 1 + EVENT)
    // display_name and metadata: the row and its display_name index entry; no counter; its event.
    expect(rowsOf(await api.patch(`/api/v2/organizations/${created.body.id}`, { display_name: 'Renamed', metadata: { a: 'b' } })).written).toBe(3 + EVENT)
    // 10 memberships (row and 3 index entries each) and each user's organization count, then the org's member count; an event each.
    const users = Array.from({ length: 10 }, (_, i) => `auth0|bench${String(i + 101).padStart(6, '0')}`)
    const added = await api.post(`/api/v2/organizations/${created.body.id}/members`, { members: users })
    expect(rowsOf(added).written).toBe(10 * 4 + 10 + 1 + 10 * EVENT)
    // Adding them again changes nothing but the org's counter row, rewritten by zero.
    expect(rowsOf(await api.post(`/api/v2/organizations/${created.body.id}/members`, { members: users })).written).toBeLessThanOrEqual(2)
  })

})
