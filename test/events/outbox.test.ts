import { describe, expect, it } from 'vitest'
import { api, unique } from '../helpers/api'
import { eventsAfter, expectAuth0Event, expectTypes, lastSeq, type StoredEvent } from '../helpers/events'
import { createConnection, createOrganization, createRole, createUser } from '../helpers/factories'

/**
 * The outbox: every change writes its events in its own batch (migrations/0009_events.sql), one per
 * affected entity, only when something changed, and each in Auth0's shape for its type.
 */
async function expectAuth0Events(events: StoredEvent[]) {
  for (const e of events) await expectAuth0Event({ type: e.type, offset: String(e.seq), event: cloudEvent(e) })
}

/** The envelope the feed and the webhooks add (events/cloud-event.ts), for the schema check. */
const cloudEvent = (e: StoredEvent) => ({
  specversion: '1.0',
  type: e.type,
  source: 'urn:auth0:127.0.0.1:8787',
  id: e.id,
  time: e.time,
  data: { object: e.object },
  a0tenant: '127-0-0-1',
  a0stream: 'est_EventsFeed000000000000',
})

const roundTrips = (res: { headers: Headers }) => Number(res.headers.get('x-d1-round-trips'))

describe('organization events', () => {
  it('created, updated and deleted, each carrying the organization; nothing for a refused write', async () => {
    const conn = await createConnection('auth0')
    const before = await lastSeq()
    const name = unique('org')
    const created = await api.post('/api/v2/organizations', {
      name,
      display_name: 'Acme',
      metadata: { tier: 'gold' },
      branding: { logo_url: 'https://example.com/logo.png', colors: { primary: '#112233', page_background: '#ffffff' } },
      enabled_connections: [{ connection_id: conn.id }],
    })
    expect(created.status).toBe(201)
    const org = created.body
    expect(await api.post('/api/v2/organizations', { name })).toMatchObject({ status: 409 })
    const patched = await api.patch(`/api/v2/organizations/${org.id}`, { display_name: 'Acme Inc', metadata: null })
    expect(patched.status).toBe(200)
    expect(roundTrips(patched)).toBe(1)
    expect((await api.patch('/api/v2/organizations/org_doesnotexist0000', { display_name: 'x' })).status).toBe(404)
    expect((await api.delete(`/api/v2/organizations/${org.id}`)).status).toBe(204)
    expect((await api.delete(`/api/v2/organizations/${org.id}`)).status).toBe(404)

    const events = await eventsAfter(before)
    expectTypes(events, ['organization.created', 'organization.connection.added', 'organization.updated', 'organization.deleted'])
    const { id, display_name, metadata, branding } = org
    expect(events[0]!.object).toEqual({ id, name, display_name, metadata, branding })
    expect(events[1]!.object).toEqual({
      organization: { id, name },
      connection: { id: conn.id },
      assign_membership_on_login: false,
      show_as_button: true,
      is_signup_enabled: false,
    })
    expect(events[2]!.object).toEqual({ id, name, display_name: 'Acme Inc', branding })
    expect(events[3]!.object).toEqual({ id, name, display_name: 'Acme Inc' })
    expect(new Set(events.map((e) => e.id)).size).toBe(4)
    for (const e of events) expect(e.id).toMatch(/^evt_[A-Za-z0-9]{22}$/)
    await expectAuth0Events(events)
  })

  it('a rename onto a taken name fails whole: no organization.updated', async () => {
    const [a, b] = [await createOrganization(), await createOrganization()]
    const before = await lastSeq()
    expect((await api.patch(`/api/v2/organizations/${a.id}`, { name: b.name })).status).toBe(409)
    expect(await eventsAfter(before)).toEqual([])
  })
})

describe('member and member role events', () => {
  it('one event per member added or removed, none when nothing changed, within the same round trips', async () => {
    const org = await createOrganization()
    const users = await Promise.all(Array.from({ length: 10 }, () => createUser()))
    const ids = users.map((u) => u.user_id)
    const before = await lastSeq()
    const add = await api.post(`/api/v2/organizations/${org.id}/members`, { members: ids })
    expect(add.status).toBe(204)
    expect(roundTrips(add)).toBe(2)
    expect((await api.post(`/api/v2/organizations/${org.id}/members`, { members: ids.slice(0, 3) })).status).toBe(204)
    const added = await eventsAfter(before)
    expectTypes(added, Array(10).fill('organization.member.added'))
    expect(added.map((e) => e.object)).toEqual(ids.map((user_id) => ({ organization: { id: org.id, name: org.name }, user: { user_id } })))

    const mark = await lastSeq()
    const remove = await api.delete(`/api/v2/organizations/${org.id}/members`, { members: [ids[0], ids[1]] })
    expect(remove.status).toBe(204)
    expect(roundTrips(remove)).toBe(1)
    expect((await api.delete(`/api/v2/organizations/${org.id}/members`, { members: [ids[0]] })).status).toBe(204)
    const removed = await eventsAfter(mark)
    expectTypes(removed, ['organization.member.deleted', 'organization.member.deleted'])
    expect(removed[1]!.object).toEqual({ organization: { id: org.id, name: org.name }, user: { user_id: ids[1] } })
    await expectAuth0Events([...added, ...removed])
  })

  it('one event per role assigned or removed, none for one already held or not held', async () => {
    const org = await createOrganization()
    const user = await createUser()
    const [r1, r2, r3] = [await createRole(), await createRole(), await createRole()]
    const path = `/api/v2/organizations/${org.id}/members/${encodeURIComponent(user.user_id)}/roles`
    const before = await lastSeq()
    expect((await api.post(path, { roles: [r1.id, r2.id] })).status).toBe(204)
    expect((await api.post(path, { roles: [r1.id, r2.id, r3.id] })).status).toBe(204)
    expect((await api.delete(path, { roles: [r1.id, r3.id] })).status).toBe(204)
    expect((await api.delete(path, { roles: [r1.id] })).status).toBe(204)
    const events = await eventsAfter(before)
    const role = (r: { id: string; name: string }) => ({ organization: { id: org.id }, user: { user_id: user.user_id }, role: { id: r.id, name: r.name } })
    expect(events.slice(0, 3).map((e) => [e.type, e.object])).toEqual([r1, r2, r3].map((r) => ['organization.member.role.assigned', role(r)]))
    // One DELETE removes both: their events come in the order it found them.
    expectTypes(events.slice(3), ['organization.member.role.deleted', 'organization.member.role.deleted'])
    expect(events.slice(3).map((e) => e.object)).toEqual(expect.arrayContaining([role(r1), role(r3)]))
    await expectAuth0Events(events)
  })
})

describe('organization connection events', () => {
  it('added, updated and removed through both connection APIs; re-enabling is an update; nothing for no change', async () => {
    const org = await createOrganization()
    const [a, b] = [await createConnection('auth0'), await createConnection('auth0')]
    const conns = `/api/v2/organizations/${org.id}/connections`
    const enabled = `/api/v2/organizations/${org.id}/enabled_connections`
    const before = await lastSeq()
    expect((await api.post(conns, { connection_id: a.id, is_enabled: false })).status).toBe(201)
    expect((await api.post(conns, { connection_id: a.id })).status).toBe(409)
    expect((await api.patch(`${conns}/${a.id}`, { show_as_button: false })).status).toBe(200)
    expect((await api.post(enabled, { connection_id: a.id, assign_membership_on_login: true })).status).toBe(201)
    expect((await api.post(enabled, { connection_id: b.id })).status).toBe(201)
    expect((await api.patch(`${enabled}/${b.id}`, { is_signup_enabled: true })).status).toBe(400)
    expect((await api.delete(`${enabled}/${b.id}`)).status).toBe(204)
    expect((await api.delete(`${conns}/${b.id}`)).status).toBe(204)
    expect((await api.delete(`${conns}/${a.id}`)).status).toBe(204)

    const events = await eventsAfter(before)
    const ref = { organization: { id: org.id, name: org.name } }
    const settings = (assign: boolean, button: boolean) => ({ assign_membership_on_login: assign, show_as_button: button, is_signup_enabled: false })
    expect(events.map((e) => [e.type, e.object])).toEqual([
      ['organization.connection.added', { ...ref, connection: { id: a.id }, ...settings(false, true) }],
      ['organization.connection.updated', { ...ref, connection: { id: a.id }, ...settings(false, false) }],
      ['organization.connection.updated', { ...ref, connection: { id: a.id }, ...settings(true, true) }],
      ['organization.connection.added', { ...ref, connection: { id: b.id }, ...settings(false, true) }],
      ['organization.connection.removed', { ...ref, connection: { id: b.id } }],
      ['organization.connection.removed', { ...ref, connection: { id: a.id } }],
    ])
    await expectAuth0Events(events)
  })
})

describe('user events', () => {
  it('created, updated and deleted carry the user as GET /users/{id} answers it; deleted adds deleted_at', async () => {
    const before = await lastSeq()
    const user = await createUser({ user_metadata: { plan: { tier: 'pro', seats: null } } })
    const path = `/api/v2/users/${encodeURIComponent(user.user_id)}`
    expect((await api.post('/api/v2/users', { connection: (await api.get(path)).body.identities[0].connection, email: user.email, password: 'Passw0rd!Passw0rd' })).status).toBe(409)
    const patched = await api.patch(path, { name: 'Jane', app_metadata: { role: 'admin' } })
    expect(patched.status).toBe(200)
    const current = (await api.get(path)).body
    expect((await api.delete(path)).status).toBe(204)
    expect((await api.delete(path)).status).toBe(204)

    const events = await eventsAfter(before)
    expectTypes(events, ['user.created', 'user.updated', 'user.deleted'])
    expect(events[0]!.object).toEqual(user)
    expect(events[1]!.object).toEqual(patched.body)
    const { deleted_at, ...rest } = events[2]!.object
    expect(rest).toEqual(current)
    expect(deleted_at).toBe(events[2]!.time)
    await expectAuth0Events(events)
  })
})
