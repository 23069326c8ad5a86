import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { verifyPassword } from '../../src/crypto'
import { api, auth0Error, unique } from '../helpers/api'
import { runPendingCleanups } from '../helpers/queue'

const DB_CONNECTION = 'Username-Password-Authentication'
const path = (userId: string) => `/api/v2/users/${encodeURIComponent(userId)}`
const newEmail = () => `${unique('user')}@example.com`
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

async function sha256(text: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

describe('users', () => {
  it('creates a database user with Auth0 defaults, reads, lists, updates and deletes it', async () => {
    const email = newEmail()
    const created = await api.post('/api/v2/users', { connection: DB_CONNECTION, email, password: 'Secret-1234' })
    expect(created.status).toBe(201)
    const hex = created.body.user_id.slice('auth0|'.length)
    expect(created.body).toEqual({
      user_id: expect.stringMatching(/^auth0\|[0-9a-f]{24}$/),
      email,
      email_verified: false,
      name: email,
      nickname: email.split('@')[0],
      picture: `https://s.gravatar.com/avatar/${await sha256(email)}?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fus.png`,
      created_at: expect.stringMatching(ISO),
      updated_at: created.body.created_at,
      identities: [{ connection: DB_CONNECTION, user_id: hex, provider: 'auth0', isSocial: false }],
    })
    const userId = created.body.user_id

    // The id arrives percent-encoded (`auth0%7C…`).
    expect((await api.get(path(userId))).body).toEqual(created.body)
    const listed = await api.get('/api/v2/users?per_page=100&include_totals=true')
    expect(listed.body).toMatchObject({ start: 0, limit: 100 })
    expect(listed.body.users).toContainEqual(created.body)

    const updated = await api.patch(path(userId), { name: 'Ada Lovelace', blocked: true, user_metadata: { theme: 'dark' } })
    expect(updated.status).toBe(200)
    expect(updated.body).toEqual({
      ...created.body,
      name: 'Ada Lovelace',
      blocked: true,
      user_metadata: { theme: 'dark' },
      updated_at: expect.stringMatching(ISO),
    })

    expect((await api.delete(path(userId))).status).toBe(204)
    const gone = await api.get(path(userId))
    expect(gone.status).toBe(404)
    expect(gone.body).toEqual(auth0Error(404, 'The user does not exist.', 'inexistent_user'))
  })

  it('keeps every field it is given, and only a salted hash of the password', async () => {
    const email = newEmail()
    const body = {
      connection: DB_CONNECTION, email, password: 'Secret-1234', user_id: unique('ext'), name: 'Grace', nickname: 'gh',
      picture: 'https://example.com/g.png', email_verified: true, blocked: false, app_metadata: { plan: 'pro' }, user_metadata: { lang: 'en' },
    }
    const created = await api.post('/api/v2/users', body)
    expect(created.body).toEqual({
      user_id: `auth0|${body.user_id}`, email, email_verified: true, name: 'Grace', nickname: 'gh', picture: 'https://example.com/g.png',
      created_at: expect.any(String), updated_at: expect.any(String), blocked: false, app_metadata: { plan: 'pro' }, user_metadata: { lang: 'en' },
      identities: [{ connection: DB_CONNECTION, user_id: body.user_id, provider: 'auth0', isSocial: false }],
    })
    const row = await env.DB.prepare('SELECT password_hash FROM users WHERE user_id = ?').bind(created.body.user_id).first<{ password_hash: string }>()
    expect(row!.password_hash).toMatch(/^pbkdf2-sha256\$/)
    expect(row!.password_hash).not.toContain('Secret-1234')
    expect(await verifyPassword('Secret-1234', row!.password_hash)).toBe(true)
  })

  it('names the provider after the connection strategy and marks social identities', async () => {
    const name = unique('gh').replace(/[^a-zA-Z0-9-]/g, '-')
    await api.post('/api/v2/connections', { name, strategy: 'github' })
    const created = await api.post('/api/v2/users', { connection: name, user_id: '12345', email: newEmail() })
    expect(created.status).toBe(201)
    expect(created.body.user_id).toBe('github|12345')
    expect(created.body.identities).toEqual([{ connection: name, user_id: '12345', provider: 'github', isSocial: true }])
  })

  it('merges metadata at the root on PATCH, and null removes a key or clears a field', async () => {
    const { body: user } = await api.post('/api/v2/users', {
      connection: DB_CONNECTION, email: newEmail(), password: 'pw', app_metadata: { a: 1, nested: { x: 1 } },
    })
    const updated = await api.patch(path(user.user_id), { app_metadata: { a: null, b: 2, nested: { y: 2 } }, nickname: null, unknown_field: 1 })
    expect(updated.status).toBe(200)
    expect(updated.body.app_metadata).toEqual({ b: 2, nested: { y: 2 } })
    expect(updated.body).not.toHaveProperty('nickname')
    const cleared = await api.patch(path(user.user_id), { app_metadata: { b: null, nested: null } })
    expect(cleared.body).not.toHaveProperty('app_metadata')
  })

  it('changes the password hash on PATCH', async () => {
    const { body: user } = await api.post('/api/v2/users', { connection: DB_CONNECTION, email: newEmail(), password: 'old-one' })
    await api.patch(path(user.user_id), { password: 'new-one' })
    const row = await env.DB.prepare('SELECT password_hash FROM users WHERE user_id = ?').bind(user.user_id).first<{ password_hash: string }>()
    expect(await verifyPassword('new-one', row!.password_hash)).toBe(true)
  })

  it('refuses an email already used in the connection, and a taken user_id, with 409', async () => {
    const email = newEmail()
    const { body: first } = await api.post('/api/v2/users', { connection: DB_CONNECTION, email, password: 'pw' })
    const conflict = auth0Error(409, 'The user already exists.', 'auth0_idp_error')
    const sameEmail = await api.post('/api/v2/users', { connection: DB_CONNECTION, email: email.toUpperCase(), password: 'pw' })
    expect(sameEmail.status).toBe(409)
    expect(sameEmail.body).toEqual(conflict)
    const sameId = await api.post('/api/v2/users', { connection: DB_CONNECTION, email: newEmail(), password: 'pw', user_id: first.user_id.slice(6) })
    expect(sameId.body).toEqual(conflict)
    const { body: second } = await api.post('/api/v2/users', { connection: DB_CONNECTION, email: newEmail(), password: 'pw' })
    const taken = await api.patch(path(second.user_id), { email })
    expect(taken.status).toBe(409)
    expect(taken.body).toEqual(conflict)
  })

  it('needs an existing connection', async () => {
    const res = await api.post('/api/v2/users', { connection: 'no-such-connection', email: newEmail(), password: 'pw' })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, 'The connection does not exist.', 'inexistent_connection'))
  })

  it('needs an email and a password on a database connection', async () => {
    expect((await api.post('/api/v2/users', { connection: DB_CONNECTION, email: newEmail() })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Missing required property: password'", 'invalid_body'),
    )
    expect((await api.post('/api/v2/users', { connection: DB_CONNECTION, password: 'pw' })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Missing required property: email'", 'invalid_body'),
    )
  })

  it('validates the body with Auth0 messages', async () => {
    const post = async (body: Record<string, unknown>) => (await api.post('/api/v2/users', { connection: DB_CONNECTION, password: 'pw', ...body })).body
    expect((await api.post('/api/v2/users', { email: newEmail() })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Missing required property: connection'", 'invalid_body'),
    )
    expect(await post({ email: 'not-an-email' })).toEqual(
      auth0Error(400, "Payload validation error: 'Object didn't pass validation for format email: not-an-email' on property email (The user's email.).", 'invalid_body'),
    )
    expect(await post({ email: newEmail(), picture: 'no scheme' })).toEqual(
      auth0Error(400, "Payload validation error: 'Object didn't pass validation for format strict-uri: no scheme' on property picture (A URI pointing to the user's picture.).", 'invalid_body'),
    )
    expect(await post({ email: newEmail(), user_id: 'has space' })).toEqual(
      auth0Error(400, "Payload validation error: 'String does not match pattern ^\\S*$: has space' on property user_id (The external user's id provided by the identity provider.).", 'invalid_body'),
    )
    expect(await post({ email: newEmail(), name: '' })).toEqual(
      auth0Error(400, "Payload validation error: 'String is too short (0 chars), minimum 1' on property name (The user's full name.).", 'invalid_body'),
    )
    expect(await post({ email: newEmail(), blocked: 'yes' })).toEqual(
      auth0Error(400, "Payload validation error: 'Expected type boolean but found type string' on property blocked (Whether this user was blocked by an administrator (true) or not (false).).", 'invalid_body'),
    )
    expect(await post({ email: newEmail(), app_metadata: 'x' })).toEqual(
      auth0Error(400, "Payload validation error: 'Expected type object but found type string' on property app_metadata (Data related to the user that does affect the application's core functionality.).", 'invalid_body'),
    )
    expect(await post({ email: newEmail(), favourite_colour: 'x' })).toEqual(
      auth0Error(400, "Payload validation error: 'Additional properties not allowed: favourite_colour'", 'invalid_body'),
    )
  })

  it('answers 404 for an unknown user on PATCH, and 204 on DELETE', async () => {
    const patch = await api.patch(path('auth0|nobody'), { name: 'x' })
    expect(patch.status).toBe(404)
    expect(patch.body).toEqual(auth0Error(404, 'The user does not exist.', 'inexistent_user'))
    expect((await api.delete(path('auth0|nobody'))).status).toBe(204)
  })

  it('pages by offset and filters by connection', async () => {
    const name = unique('pg').replace(/[^a-zA-Z0-9-]/g, '-')
    await api.post('/api/v2/connections', { name, strategy: 'auth0' })
    const made = []
    for (let i = 0; i < 3; i++) made.push((await api.post('/api/v2/users', { connection: name, email: newEmail(), password: 'pw' })).body)
    expect((await api.get(`/api/v2/users?connection=${name}`)).body).toEqual(made)
    expect((await api.get(`/api/v2/users?connection=${name}&page=1&per_page=2&include_totals=true`)).body).toEqual({
      users: [made[2]], start: 2, limit: 2, total: 3,
    })
  })

  it('deletes the memberships and member roles of a deleted user', async () => {
    const { body: user } = await api.post('/api/v2/users', { connection: DB_CONNECTION, email: newEmail(), password: 'pw' })
    const at = new Date().toISOString()
    await env.DB.batch([
      env.DB.prepare('INSERT INTO org_members (org_id, user_id, created_at) VALUES (?, ?, ?)').bind('org_userdelete000001', user.user_id, at),
      env.DB.prepare('INSERT INTO org_member_roles (org_id, user_id, role_id, created_at) VALUES (?, ?, ?, ?)').bind('org_userdelete000001', user.user_id, 'rol_x', at),
    ])
    expect((await api.delete(path(user.user_id))).status).toBe(204)
    await runPendingCleanups()
    const left = await env.DB.prepare(
      'SELECT (SELECT count(*) FROM org_members WHERE user_id = ?1) + (SELECT count(*) FROM org_member_roles WHERE user_id = ?1) AS n',
    ).bind(user.user_id).first<{ n: number }>()
    expect(left!.n).toBe(0)
  })

  it('leaves /users/{id}/organizations to another router', async () => {
    const res = await api.get(`${path('auth0|someone')}/organizations`, { scopes: ['read:users'] })
    expect(res.body).not.toEqual(auth0Error(404, 'The user does not exist.', 'inexistent_user'))
  })

  it('needs the scope of each operation', async () => {
    const res = await api.get('/api/v2/users', { scopes: ['read:roles'] })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: read:users', 'insufficient_scope'))
    const del = await api.delete(path('auth0|x'), undefined, { scopes: ['read:users'] })
    expect(del.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: delete:users', 'insufficient_scope'))
  })
})
