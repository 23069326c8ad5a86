import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import { createOrganization, createUser } from '../helpers/factories'
import { invitationSetup } from '../helpers/invitations'
import { runScheduled } from '../../src/queue/scheduled'

const key = () => unique('key')
const withKey = (k: string) => ({ headers: { 'idempotency-key': k } })
const roundTrips = (res: { headers: Headers }) => Number(res.headers.get('x-d1-round-trips'))
const count = async (sql: string, ...values: unknown[]) => (await env.DB.prepare(sql).bind(...values).first<{ n: number }>('n' as never)) as unknown as number

describe('Idempotency-Key', () => {
  it('runs the first POST, keeps its answer in the same round trip, and replays it without running again', async () => {
    const k = key()
    const name = unique('idem')
    const first = await api.post('/api/v2/organizations', { name }, withKey(k))
    expect(first.status).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    expect(roundTrips(first)).toBe(1)
    const again = await api.post('/api/v2/organizations', { name }, withKey(k))
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await count('SELECT count(*) AS n FROM organizations WHERE name = ?', name)).toBe(1)
    // Without the key, the same request is a new one: Auth0's 409.
    expect((await api.post('/api/v2/organizations', { name })).status).toBe(409)
  })

  it('creates one invitation and sends one email for 20 concurrent identical requests, all answered alike', async () => {
    const { org, path, body } = await invitationSetup()
    const k = key()
    const request = body({ send_invitation_email: true })
    const results = await Promise.all(Array.from({ length: 20 }, () => api.post(path, request, withKey(k))))
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201))
    for (const r of results) expect(r.body).toEqual(results[0]!.body)
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19)
    expect(await count('SELECT count(*) AS n FROM invitations WHERE org_id = ?', org.id)).toBe(1)
    expect(await count(`SELECT count(*) AS n FROM invitations WHERE org_id = ? AND email_state != 'none'`, org.id)).toBe(1)
  })

  it('refuses the key with a different request (422) and a malformed key (400), writing nothing', async () => {
    const k = key()
    expect((await api.post('/api/v2/organizations', { name: unique('a') }, withKey(k))).status).toBe(201)
    const other = unique('b')
    const reused = await api.post('/api/v2/organizations', { name: other }, withKey(k))
    expect(reused.status).toBe(422)
    expect(reused.body).toEqual(auth0Error(422, 'This Idempotency-Key was used with a different request (method, path or body).', 'idempotency_key_reused'))
    expect(await count('SELECT count(*) AS n FROM organizations WHERE name = ?', other)).toBe(0)
    for (const bad of ['x'.repeat(256), 'tab\there', '']) {
      const res = await api.post('/api/v2/organizations', { name: unique('c') }, withKey(bad))
      expect(res.status).toBe(400)
      expect(res.body).toEqual(auth0Error(400, 'Idempotency-Key must be 1 to 255 printable ASCII characters.', 'invalid_idempotency_key'))
    }
  })

  it('keeps nothing for a request that wrote nothing, so a corrected retry with the key runs', async () => {
    const k = key()
    const invalid = await api.post('/api/v2/organizations', { name: 'Not Valid!' }, withKey(k))
    expect(invalid.status).toBe(400)
    expect((await api.post('/api/v2/organizations/org_XXXXXXXXXXXXXXXX/members', { members: ['auth0|x'] }, withKey(k))).status).toBe(404)
    const fixed = await api.post('/api/v2/organizations', { name: unique('fixed') }, withKey(k))
    expect(fixed.status).toBe(201)
    expect(fixed.headers.get('idempotent-replayed')).toBeNull()
  })

  it('keeps a 204 in the write batch, and the answer a write ended with when it changed nothing', async () => {
    const org = await createOrganization()
    const user = await createUser()
    const k = key()
    const add = await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] }, withKey(k))
    expect(add.status).toBe(204)
    const replay = await api.post(`/api/v2/organizations/${org.id}/members`, { members: [user.user_id] }, withKey(k))
    expect(replay.status).toBe(204)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    // DELETE with a body: the delete batch ran (so the key is claimed) but found no organization.
    const gone = key()
    const path = '/api/v2/organizations/org_XXXXXXXXXXXXXXXX/members'
    const first = await api.delete(path, { members: [user.user_id] }, withKey(gone))
    expect(first.status).toBe(404)
    const repeat = await api.delete(path, { members: [user.user_id] }, withKey(gone))
    expect(repeat.status).toBe(404)
    expect(repeat.body).toEqual(first.body)
    expect(repeat.headers.get('idempotent-replayed')).toBe('true')
  })

  it('ignores the header where it does not apply (GET) and on requests without it nothing changes', async () => {
    const org = await createOrganization()
    const res = await api.get(`/api/v2/organizations/${org.id}`, withKey('x'.repeat(300)))
    expect(res.status).toBe(200)
    expect(await count('SELECT count(*) AS n FROM idempotency_keys WHERE key = ?', 'x'.repeat(300))).toBe(0)
  })

  it('lets the cron delete expired keys in chunks', async () => {
    const k = key()
    await api.post('/api/v2/organizations', { name: unique('exp') }, withKey(k))
    await env.DB.prepare('UPDATE idempotency_keys SET expires_at = ? WHERE key = ?').bind('2000-01-01T00:00:00.000Z', k).run()
    const result = await runScheduled({ ...env, JOBS: { send: async () => undefined, sendBatch: async () => undefined } as never }, Date.now())
    expect(result.expiredIdempotencyKeys).toBeGreaterThanOrEqual(1)
    expect(await count('SELECT count(*) AS n FROM idempotency_keys WHERE key = ?', k)).toBe(0)
  })
})
