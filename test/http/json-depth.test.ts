import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, call, unique } from '../helpers/api'
import { createConnection, createOrganization } from '../helpers/factories'
import { invitationSetup } from '../helpers/invitations'

/** JSON text of an object nested `depth` levels (`{}` is 1), built as text: JSON.stringify would overflow on the deep ones. */
const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`
const raw = (method: string, path: string, text: string) =>
  call(method, path, undefined, { rawBody: text, headers: { 'content-type': 'application/json' } })

const fieldTooDeep = (property: string, description: string) =>
  auth0Error(400, `Payload validation error: 'Nested too deeply (more than 32 levels)' on property ${property} (${description}).`, 'invalid_body')
const bodyTooDeep = auth0Error(400, "Payload validation error: 'Nested too deeply (more than 64 levels)'", 'invalid_body')
const APP_METADATA = "Data related to the user that does affect the application's core functionality."
const USER_METADATA = "Data related to the user that does not affect the application's core functionality."
const OPTIONS = "The connection's options (depend on the connection strategy)"
const UPDATE_OPTIONS =
  "The connection's options (depend on the connection strategy). To update these options, the `update:connections_options` scope must be present. To verify your changes, also include the `read:connections_options` scope. If this scope is not specified, you will not be able to review the updated object."

const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n

describe('free-form JSON is nested at most 32 levels', () => {
  it('keeps user metadata of 32 levels, refuses 33, and refuses 7,000 before writing anything', async () => {
    const { name: connection } = await createConnection()
    const user = (metadata: string, key = 'app_metadata') =>
      `{"connection":"${connection}","email":"${unique('deep')}@example.com","password":"Passw0rd!","${key}":${metadata}}`

    const kept = await raw('POST', '/api/v2/users', user(nested(32)))
    expect(kept.status).toBe(201)
    expect(JSON.stringify(kept.body.app_metadata)).toBe(nested(32))

    const before = await count('users')
    expect((await raw('POST', '/api/v2/users', user(nested(33)))).body).toEqual(fieldTooDeep('app_metadata', APP_METADATA))
    expect((await raw('POST', '/api/v2/users', user(nested(33), 'user_metadata'))).body).toEqual(fieldTooDeep('user_metadata', USER_METADATA))
    // Used to store the user, answer 500, and break every later read of it.
    expect((await raw('POST', '/api/v2/users', user(nested(7000)))).body).toEqual(bodyTooDeep)
    expect(await count('users')).toBe(before)

    const path = `/api/v2/users/${encodeURIComponent(kept.body.user_id)}`
    expect((await raw('PATCH', path, `{"user_metadata":${nested(33)}}`)).body).toEqual(fieldTooDeep('user_metadata', USER_METADATA))
    expect((await raw('PATCH', path, `{"app_metadata":{"k":${nested(7000)}}}`)).body).toEqual(bodyTooDeep)
    expect((await api.get(path)).body).toEqual(kept.body)
  })

  it('refuses over-deep invitation metadata', async () => {
    const { path, body } = await invitationSetup()
    const text = (metadata: string) => JSON.stringify(body()).replace(/}$/, `,"user_metadata":${metadata}}`)
    const before = await count('invitations')
    expect((await raw('POST', path, text(nested(33)))).body).toEqual(fieldTooDeep('user_metadata', USER_METADATA))
    expect((await raw('POST', path, text(nested(7000)))).body).toEqual(bodyTooDeep)
    expect(await count('invitations')).toBe(before)
    expect((await raw('POST', path, text(nested(32)))).status).toBe(201)
  })

  it('refuses over-deep connection options on create and update', async () => {
    const name = unique('deepconn').replace(/[^a-zA-Z0-9-]/g, '-')
    const before = await count('connections')
    expect((await raw('POST', '/api/v2/connections', `{"name":"${name}","strategy":"auth0","options":${nested(33)}}`)).body).toEqual(
      fieldTooDeep('options', OPTIONS),
    )
    // Used to create the connection and answer 500.
    expect((await raw('POST', '/api/v2/connections', `{"name":"${name}","strategy":"auth0","options":${nested(7000)}}`)).body).toEqual(bodyTooDeep)
    expect(await count('connections')).toBe(before)

    const connection = await createConnection()
    const path = `/api/v2/connections/${connection.id}`
    expect((await raw('PATCH', path, `{"options":${nested(33)}}`)).body).toEqual(fieldTooDeep('options', UPDATE_OPTIONS))
    expect((await api.get(path)).body).not.toHaveProperty('options')
  })
})

describe('a body nested deeper than 64 levels', () => {
  it('is refused whatever the operation, even at 1 MB of nested arrays or objects', async () => {
    const arrays = `${'['.repeat(512 * 1024 - 1)}${']'.repeat(512 * 1024 - 1)}`
    const objects = nested(100_000)
    const org = await createOrganization()
    for (const [method, path] of [
      ['POST', '/api/v2/roles'],
      ['POST', '/api/v2/organizations'],
      ['PATCH', `/api/v2/organizations/${org.id}`],
      ['POST', `/api/v2/organizations/${org.id}/members`],
      ['PATCH', '/api/v2/tenants/settings'],
    ] as const) {
      expect((await raw(method, path, arrays)).body).toEqual(bodyTooDeep)
      expect((await raw(method, path, objects)).body).toEqual(bodyTooDeep)
      // Deep JSON where a string or an enum is expected.
      expect((await raw(method, path, `{"name":${nested(65)}}`)).body).toEqual(bodyTooDeep)
    }
  })

  it('is accepted up to 64 levels where the schema allows it', async () => {
    const { name: connection } = await createConnection()
    // The body (1) + app_metadata (1) + 31 levels below: 33 levels in all, well inside the body limit.
    const res = await raw('POST', '/api/v2/users', `{"connection":"${connection}","email":"${unique('ok')}@example.com","password":"Passw0rd!","app_metadata":{"a":${nested(31)}}}`)
    expect(res.status).toBe(201)
  })
})
