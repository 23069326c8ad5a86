import { describe, expect, it } from 'vitest'
import { api, auth0Error, unique } from '../helpers/api'
import { createConnection, createOrganization, createResourceServer } from '../helpers/factories'

const bad = (message: string) => auth0Error(400, `Payload validation error: '${message}`, 'invalid_body')
const roundTrips = (res: { headers: Headers }) => Number(res.headers.get('x-d1-round-trips'))
const userPath = (id: string) => `/api/v2/users/${encodeURIComponent(id)}`

async function newUser(body: Record<string, unknown> = {}) {
  const res = await api.post('/api/v2/users', { connection: 'Username-Password-Authentication', email: `${unique('u')}@example.com`, password: 'pw', ...body })
  expect(res.status).toBe(201)
  return res.body
}

describe('tenant resource bodies', () => {
  it('refuses a PATCH with no property on every resource, and a body of null', async () => {
    const { body: client } = await api.post('/api/v2/clients', { name: unique('app') })
    const { body: grant } = await api.post('/api/v2/client-grants', { client_id: client.client_id, audience: (await createResourceServer()).identifier })
    const connection = await createConnection()
    const user = await newUser()
    const org = await createOrganization()
    await api.post(`/api/v2/organizations/${org.id}/enabled_connections`, { connection_id: connection.id })
    const paths = [`/api/v2/clients/${client.client_id}`, `/api/v2/client-grants/${grant.id}`, `/api/v2/connections/${connection.id}`, userPath(user.user_id)]
    for (const path of paths) {
      const empty = await api.patch(path, {})
      expect(empty.status, path).toBe(400)
      expect(empty.body).toEqual(bad("Too few properties defined (0), minimum 1'"))
    }
    for (const path of [...paths, `/api/v2/organizations/${org.id}`, `/api/v2/organizations/${org.id}/enabled_connections/${connection.id}`]) {
      const none = await api.patch(path, undefined, { rawBody: 'null', headers: { 'content-type': 'application/json' } })
      expect(none.status, path).toBe(400)
      expect(none.body).toEqual(bad("Expected type object but found type null'"))
    }
  })

  it('stores metadata keys named like Object.prototype members, __proto__ included, and returns them', async () => {
    const metadata = JSON.parse('{"__proto__":{"admin":true},"constructor":"c","toString":"t","hasOwnProperty":"h"}')
    const user = await newUser({ app_metadata: metadata, user_metadata: JSON.parse('{"__proto__":"x"}') })
    expect(Object.keys(user.app_metadata).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])
    const read = await api.get(userPath(user.user_id))
    expect(JSON.stringify(read.body.app_metadata)).toBe('{"__proto__":{"admin":true},"constructor":"c","toString":"t","hasOwnProperty":"h"}')
    expect(JSON.stringify(read.body.user_metadata)).toBe('{"__proto__":"x"}')
    const patched = await api.patch(userPath(user.user_id), JSON.parse('{"app_metadata":{"__proto__":null,"valueOf":1}}'))
    expect(JSON.stringify(patched.body.app_metadata)).toBe('{"constructor":"c","toString":"t","hasOwnProperty":"h","valueOf":1}')

    const client = await api.post('/api/v2/clients', JSON.parse(`{"name":"${unique('app')}","client_metadata":{"__proto__":"kept"}}`))
    expect(JSON.stringify((await api.get(`/api/v2/clients/${client.body.client_id}`)).body.client_metadata)).toBe('{"__proto__":"kept"}')
    const conn = await api.post('/api/v2/connections', JSON.parse(`{"name":"${unique('c')}","strategy":"auth0","metadata":{"__proto__":"kept"}}`))
    expect(JSON.stringify(conn.body.metadata)).toBe('{"__proto__":"kept"}')

    // Where Auth0's schema allows no other key, __proto__ is an unknown key like any other.
    const refused = await api.post('/api/v2/clients', JSON.parse(`{"name":"x","__proto__":{"is_first_party":false}}`))
    expect(refused.body).toEqual(bad("Additional properties not allowed: __proto__'"))
    expect((await api.post('/api/v2/clients', JSON.parse('{"name":"x","client_metadata":{"__proto__":5}}'))).body).toEqual(
      bad("Expected type string,null but found type integer' on property client_metadata.__proto__ (Metadata associated with the client, in the form of an object with string values (max 255 chars). Maximum of 10 metadata properties allowed.)."),
    )
  })

  it('keeps the user fields it has no column for, and refuses them mistyped or over-long', async () => {
    const user = await newUser({ given_name: 'Ada', family_name: 'Lovelace', username: unique('ada').replace(/-/g, '_'), phone_number: '+15551234567', verify_email: false })
    expect(user).toMatchObject({ given_name: 'Ada', family_name: 'Lovelace', phone_number: '+15551234567' })
    expect(user).not.toHaveProperty('verify_email')
    const updated = await api.patch(userPath(user.user_id), { given_name: null, phone_verified: true, username: 'renamed_' + Date.now() })
    expect(updated.body).not.toHaveProperty('given_name')
    expect(updated.body).toMatchObject({ family_name: 'Lovelace', phone_verified: true, username: expect.stringMatching(/^renamed_/) })

    const post = async (body: Record<string, unknown>) => (await api.post('/api/v2/users', { connection: 'Username-Password-Authentication', email: `${unique('u')}@example.com`, password: 'pw', ...body })).body
    expect(await post({ given_name: 5 })).toEqual(bad("Expected type string but found type integer' on property given_name (The user's given name(s).)."))
    expect(await post({ username: 'u'.repeat(129) })).toEqual(
      bad("String is too long (129 chars), maximum 128' on property username (The user's username. Only valid if the connection requires a username.)."),
    )
    expect(await post({ phone_number: '555' })).toEqual(
      bad("String does not match pattern ^\\+[0-9]{1,15}$: 555' on property phone_number (The user's phone number (following the E.164 recommendation).)."),
    )
    const patch = async (body: Record<string, unknown>) => (await api.patch(userPath(user.user_id), body)).body
    expect(await patch({ verify_email: 'yes' })).toEqual(
      bad("Expected type boolean but found type string' on property verify_email (Whether this user will receive a verification email after creation (true) or no email (false). Overrides behavior of `email_verified` parameter.)."),
    )
    expect(await patch({ client_id: 5 })).toEqual(bad("Expected type string but found type integer' on property client_id (Auth0 client ID. Only valid when updating email address.)."))
  })

  it('answers a duplicate username in a connection with 409', async () => {
    const username = unique('dup').replace(/-/g, '_')
    await newUser({ username })
    const again = await api.post('/api/v2/users', { connection: 'Username-Password-Authentication', email: `${unique('u')}@example.com`, password: 'pw', username })
    expect(again.status).toBe(409)
    expect(again.body).toEqual(auth0Error(409, 'The user already exists.', 'auth0_idp_error'))
  })

  it('refuses a PATCH naming a connection that does not exist, and writes nothing', async () => {
    const user = await newUser({ name: 'Before' })
    const res = await api.patch(userPath(user.user_id), { name: 'After', connection: 'no-such-connection' })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, 'The connection does not exist.', 'inexistent_connection'))
    expect((await api.get(userPath(user.user_id))).body.name).toBe('Before')
    const ok = await api.patch(userPath(user.user_id), { name: 'After', connection: 'Username-Password-Authentication' })
    expect(ok.body.name).toBe('After')
    expect(roundTrips(ok)).toBe(1)
  })

  it('finds users with exact-match q queries, sorts, and projects fields, in one round trip', async () => {
    const plan = unique('plan')
    const a = await newUser({ name: 'Zed Query', username: unique('zq').replace(/-/g, '_'), app_metadata: { plan, tier: { level: 'gold' } } })
    const b = await newUser({ name: 'Amy Query', app_metadata: { plan } })
    const q = (query: string) => api.get(`/api/v2/users?search_engine=v3&q=${encodeURIComponent(query)}`)
    expect((await q(`email:"${a.email.toUpperCase()}"`)).body).toEqual([a])
    expect((await q(`user_id:"${b.user_id}"`)).body).toEqual([b])
    expect((await q(`username:${a.username}`)).body).toEqual([a])
    expect((await q('name:"Zed Query"')).body.map((u: { user_id: string }) => u.user_id)).toContain(a.user_id)
    expect((await q(`app_metadata.tier.level:"gold"`)).body.map((u: { user_id: string }) => u.user_id)).toContain(a.user_id)
    const both = await api.get(`/api/v2/users?q=${encodeURIComponent(`app_metadata.plan:"${plan}"`)}&sort=name:1&fields=user_id,name&include_totals=true`)
    expect(both.body).toEqual({ users: [{ user_id: b.user_id, name: 'Amy Query' }, { user_id: a.user_id, name: 'Zed Query' }], start: 0, limit: 50, total: 2 })
    expect(roundTrips(both)).toBe(1)
    const dropped = await api.get(`${userPath(a.user_id)}?fields=identities,app_metadata&include_fields=false`)
    expect(dropped.body).not.toHaveProperty('identities')
    expect(dropped.body).toMatchObject({ user_id: a.user_id, email: a.email })
  })

  it('answers q syntax it does not support, and an unknown sort field, with 400', async () => {
    const description = 'Query in Lucene query string syntax. Some query types cannot be used on metadata fields, for details see Searchable Fields.'
    for (const [query, text] of [
      ['email:"a@example.com" OR name:"x"', 'Unsupported query syntax: email:"a@example.com" OR name:"x"'],
      ['name:jo*', 'Unsupported query syntax: name:jo*'],
      ['jane', 'Unsupported query syntax: jane'],
      ['logins_count:[1 TO 5]', 'Unsupported query syntax: logins_count:[1 TO 5]'],
      ['last_ip:"1.2.3.4"', 'Unsupported query field: last_ip'],
    ]) {
      const res = await api.get(`/api/v2/users?q=${encodeURIComponent(query!)}`)
      expect(res.status).toBe(400)
      expect(res.body).toEqual(auth0Error(400, `Query validation error: '${text}' on property q (${description}).`, 'invalid_query_string'))
    }
    expect((await api.get('/api/v2/users?sort=logins_count:1')).body).toEqual(
      auth0Error(400, "Query validation error: 'Unsupported sort field: logins_count' on property sort (Field to sort by. Use `field:order` where order is `1` for ascending and `-1` for descending. e.g. `created_at:1`).", 'invalid_query_string'),
    )
    expect((await api.get('/api/v2/users?search_engine=v4')).status).toBe(400)
  })

  it('looks users up by email across connections', async () => {
    const email = `${unique('both')}@example.com`
    const conn = await createConnection('auth0', unique('second'))
    const first = await newUser({ email })
    const second = (await api.post('/api/v2/users', { connection: conn.name, email, password: 'pw' })).body
    const res = await api.get(`/api/v2/users-by-email?email=${encodeURIComponent(email.toUpperCase())}`)
    expect(res.body).toEqual([first, second])
    expect(roundTrips(res)).toBe(1)
    expect((await api.get(`/api/v2/users-by-email?email=${encodeURIComponent(email)}&fields=user_id`)).body).toEqual([{ user_id: first.user_id }, { user_id: second.user_id }])
    expect((await api.get('/api/v2/users-by-email?email=nobody@example.com')).body).toEqual([])
    expect((await api.get('/api/v2/users-by-email')).body).toEqual(auth0Error(400, "Query validation error: 'Missing required property: email'", 'invalid_query_string'))
  })

  it('keeps every client field, answers credentials as ids, and never shows the secret again', async () => {
    const body = {
      name: unique('jwt'),
      app_type: 'non_interactive',
      jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 3600 },
      default_organization: { organization_id: 'org_0123456789abcdef', flows: ['client_credentials'] },
      token_endpoint_auth_method: 'none',
      client_authentication_methods: { private_key_jwt: { credentials: [{ credential_type: 'public_key', name: 'k', pem: '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n' }] } },
      refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', token_lifetime: 3600 },
    }
    const created = await api.post('/api/v2/clients', body)
    expect(created.status).toBe(201)
    const { client_authentication_methods: _, ...plain } = body
    expect(created.body).toMatchObject(plain)
    expect(created.body.client_authentication_methods).toEqual({ private_key_jwt: { credentials: [{ id: expect.stringMatching(/^cred_/) }] } })
    const read = await api.get(`/api/v2/clients/${created.body.client_id}`)
    expect(read.body).not.toHaveProperty('client_secret')
    const patched = await api.patch(`/api/v2/clients/${created.body.client_id}`, { jwt_configuration: { lifetime_in_seconds: 60 }, addons: null })
    expect(patched.body.jwt_configuration).toEqual({ alg: 'RS256', lifetime_in_seconds: 60 })
    expect((await api.get(`/api/v2/clients/${created.body.client_id}?fields=name,jwt_configuration.alg`)).body).toEqual({ name: body.name, jwt_configuration: { alg: 'RS256' } })
    expect((await api.post('/api/v2/clients', { name: 'x', jwt_configuration: { alg: 'none' } })).body).toEqual(bad("No enum match for: none' on property jwt_configuration.alg."))
    expect((await api.post('/api/v2/clients', { name: 'x', par_request_expiry: 5 })).body).toEqual(bad("Value 5 is less than minimum 10' on property par_request_expiry."))
  })

  it('filters clients as Auth0 documents', async () => {
    const kind = unique('k')
    const spa = (await api.post('/api/v2/clients', { name: kind, app_type: 'spa', is_first_party: false })).body
    const m2m = (await api.post('/api/v2/clients', { name: kind, app_type: 'non_interactive' })).body
    await api.post('/api/v2/client-grants', { client_id: m2m.client_id, audience: (await createResourceServer()).identifier, allow_any_organization: true })
    const ids = async (query: string) => ((await api.get(`/api/v2/clients?per_page=100&${query}`)).body as { client_id: string }[]).map((c) => c.client_id)
    expect(await ids('app_type=spa,native')).toContain(spa.client_id)
    expect(await ids('app_type=spa,native')).not.toContain(m2m.client_id)
    expect(await ids('is_first_party=false')).toContain(spa.client_id)
    expect(await ids('is_first_party=false')).not.toContain(m2m.client_id)
    expect(await ids('is_global=true')).toEqual([])
    expect(await ids(`q=${encodeURIComponent('client_grant.allow_any_organization:true')}`)).toEqual([m2m.client_id])
    const bad = await api.get(`/api/v2/clients?q=${encodeURIComponent('name:x')}`)
    expect(bad.status).toBe(400)
    expect(bad.body.errorCode).toBe('invalid_query_string')
    expect((await api.get(`/api/v2/clients?fields=name,client_id&take=2&is_first_party=false`)).body.clients.every((c: object) => Object.keys(c).every((k) => ['name', 'client_id'].includes(k)))).toBe(true)
  })

  it('keeps connection and grant fields without a column, and projects connection fields', async () => {
    const name = unique('doc')
    const created = await api.post('/api/v2/connections', { name, strategy: 'auth0', authentication: { active: true }, connected_accounts: { active: false } })
    expect(created.body).toMatchObject({ authentication: { active: true }, connected_accounts: { active: false } })
    const patched = await api.patch(`/api/v2/connections/${created.body.id}`, { connected_accounts: { active: true } })
    expect(patched.body).toMatchObject({ authentication: { active: true }, connected_accounts: { active: true } })
    expect((await api.get(`/api/v2/connections/${created.body.id}?fields=name,authentication`)).body).toEqual({ name, authentication: { active: true } })
    expect((await api.get(`/api/v2/connections?name=${name}&fields=id&include_fields=true`)).body).toEqual([{ id: created.body.id }])
    expect((await api.get(`/api/v2/connections/${created.body.id}?fields=secret`)).status).toBe(400)

    const { body: client } = await api.post('/api/v2/clients', { name: unique('app') })
    const { identifier: audience } = await createResourceServer()
    const grant = await api.post('/api/v2/client-grants', { client_id: client.client_id, audience, allow_all_scopes: true, authorization_details_types: ['payment'] })
    expect(grant.body).toEqual({ id: expect.any(String), client_id: client.client_id, audience, scope: [], allow_all_scopes: true, authorization_details_types: ['payment'] })
    const cleared = await api.patch(`/api/v2/client-grants/${grant.body.id}`, { allow_all_scopes: null })
    expect(cleared.body).not.toHaveProperty('allow_all_scopes')
    expect((await api.post('/api/v2/client-grants', { client_id: client.client_id, audience: 'https://x/', authorization_details_types: [''] })).body).toEqual(
      bad("String is too short (0 chars), minimum 1' on property authorization_details_types[0] (Types of authorization_details allowed for this client grant.)."),
    )
  })
})
