import { createExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { api } from '../helpers/api'

// Owns its storage (one file): the seeded organizations are the only ones listed here.
const BASE_MS = Date.UTC(2026, 0, 1)

describe('bench routes (BENCH_MODE only)', () => {
  it('are 404 without BENCH_MODE', async () => {
    for (const path of ['/__bench/noop', '/__bench/one-query', '/__bench/pending-emails']) {
      const res = await worker.fetch(
        new Request(`https://edge-orgs.test${path}`) as Parameters<typeof worker.fetch>[0],
        { ...env, BENCH_MODE: undefined },
        createExecutionContext(),
      )
      expect(res.status).toBe(404)
    }
    const seed = await worker.fetch(
      new Request('https://edge-orgs.test/__bench/seed/organizations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: 1, count: 5, base_ms: BASE_MS, prefix: 'nope' }),
      }) as Parameters<typeof worker.fetch>[0],
      { ...env, BENCH_MODE: 'false' },
      createExecutionContext(),
    )
    expect(seed.status).toBe(404)
  })

  it('seed organizations in creation order that the checkpoint list walks, with matching cursors', async () => {
    expect((await api.post('/__bench/seed/organizations', { from: 1, count: 60, base_ms: BASE_MS, prefix: 'seeded' })).body).toEqual({ inserted: 60 })
    expect((await api.post('/__bench/seed/organizations', { from: 61, count: 60, base_ms: BASE_MS, prefix: 'seeded' })).body).toEqual({ inserted: 60 })

    const first = await api.get('/api/v2/organizations?include_totals=true&take=50')
    expect(first.body.organizations.map((o: { name: string }) => o.name)).toEqual(
      Array.from({ length: 50 }, (_, i) => `seeded-${String(i + 1).padStart(6, '0')}`),
    )
    expect(first.body.organizations[0]).toEqual({
      id: expect.stringMatching(/^org_[0-9a-f]{16}$/),
      name: 'seeded-000001',
      display_name: 'Bench Org 1',
      third_party_client_access: 'block',
      is_app_entitlement_active: false,
    })
    // The bench's cursor for "after the 50th" is the one the API itself hands out.
    expect((await api.get('/__bench/cursor?position=50')).body).toEqual({ cursor: first.body.next })

    const deep = await api.get(`/api/v2/organizations?take=50&from=${encodeURIComponent((await api.get('/__bench/cursor?position=100')).body.cursor)}`)
    expect(deep.body.organizations.map((o: { name: string }) => o.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => `seeded-${String(i + 101).padStart(6, '0')}`),
    )
    expect(deep.body.next).toBeUndefined()
  })

  it('seed members holding roles and invitations that the API reads, and report cleanup state after a delete', async () => {
    const { roles } = (await api.post('/__bench/seed/roles', { names: ['seed-admin', 'seed-viewer'] })).body
    expect((await api.post('/__bench/seed/users', { from: 1, count: 12, base_ms: BASE_MS })).body).toEqual({ inserted: 12 })
    const org = (await api.post('/__bench/seed/organization', { name: 'seed-big' })).body
    const seeded = await api.post('/__bench/seed/members', { org_id: org.id, from: 1, count: 12, base_ms: BASE_MS, role_ids: roles.map((r: { id: string }) => r.id) })
    expect(seeded.body).toEqual({ inserted: 36 })
    expect((await api.post('/__bench/seed/invitations', { org_id: org.id, from: 1, count: 3, base_ms: BASE_MS, client_id: 'bench-client' })).body).toEqual({ inserted: 3 })

    const page = await api.get(`/api/v2/organizations/${org.id}/members?take=5&fields=user_id,email,roles`)
    expect(page.body.members[0]).toEqual({
      user_id: 'auth0|bench000001',
      email: 'bench1@example.com',
      roles: expect.arrayContaining(roles.map((r: { id: string; name: string }) => ({ id: r.id, name: r.name }))),
    })
    expect((await api.get(`/__bench/cursor?position=5&org_id=${org.id}`)).body).toEqual({ cursor: page.body.next })

    expect((await api.delete(`/api/v2/organizations/${org.id}`)).status).toBe(204)
    const state = (await api.get(`/__bench/cleanup/${org.id}?rows`)).body
    // The queue may already have run the cleanup; either way the record and the rows agree.
    if (state.cleanup.state === 'done') {
      expect(state.rows).toEqual({ members: 0, member_roles: 0, invitations: 0, connections: 0 })
    } else {
      expect(state).toEqual({
        cleanup: { state: 'pending', created_at: expect.any(String), finished_at: null },
        rows: { members: 12, member_roles: 24, invitations: 3, connections: 1 },
      })
    }
  })
})
