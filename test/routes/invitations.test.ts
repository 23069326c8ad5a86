import { beforeEach, describe, expect, it, vi } from 'vitest'
import { api, auth0Error } from '../helpers/api'
import { createClient, createConnection, createOrganization, createRole } from '../helpers/factories'
import { emailState, invitationSetup as setup, ORG_NOT_FOUND, setTenantLoginUri } from '../helpers/invitations'

const invalidBody = (message: string) => auth0Error(400, message, 'invalid_body')
const NO_LOGIN_ROUTE =
  'A default login route is required to generate the invitation url. For more information, see https://auth0.com/docs/universal-login/configure-default-login-routes'
const SEVEN_DAYS_MS = 604800 * 1000

beforeEach(() => setTenantLoginUri(null))

describe('POST /organizations/{id}/invitations', () => {
  it('answers 201 with Auth0 body: ids, ticket, seven-day expiry, link from the client login URI, keys in recorded order', async () => {
    const { org, client, path, body } = await setup()
    const sent = body()
    const res = await api.post(path, sent)
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const ticket = res.body.ticket_id
    expect(res.body).toEqual({
      id: expect.stringMatching(/^uinv_[A-Za-z0-9]{16}$/),
      client_id: client.client_id,
      inviter: { name: 'Jane Doe' },
      invitee: sent.invitee,
      invitation_url: `https://app.example.com/login?invitation=${ticket}&organization=${org.id}&organization_name=${org.name}`,
      ticket_id: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      expires_at: expect.any(String),
      organization_id: org.id,
    })
    expect(Object.keys(res.body)).toEqual([
      'id', 'client_id', 'inviter', 'invitee', 'invitation_url', 'ticket_id', 'created_at', 'expires_at', 'organization_id',
    ])
    expect(Date.parse(res.body.expires_at) - Date.parse(res.body.created_at)).toBe(SEVEN_DAYS_MS)
  })

  it('echoes the optional keys it was given, never ttl_sec or send_invitation_email', async () => {
    const connection = await createConnection('auth0')
    const org = await createOrganization({ enabled_connections: [{ connection_id: connection.id }] })
    const client = await createClient({ organization_usage: 'require', initiate_login_uri: 'https://app.example.com/login' })
    const [r1, r2] = [await createRole(), await createRole()]
    const extra = {
      connection_id: connection.id,
      app_metadata: { plan: 'gold', nested: { a: 1 } },
      user_metadata: { locale: 'fr' },
      roles: [r1.id, r2.id],
    }
    const res = await api.post(`/api/v2/organizations/${org.id}/invitations`, {
      inviter: { name: 'Jane' },
      invitee: { email: 'someone@example.com' },
      client_id: client.client_id,
      ttl_sec: 3600,
      send_invitation_email: false,
      ...extra,
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject(extra)
    expect(res.body).not.toHaveProperty('ttl_sec')
    expect(res.body).not.toHaveProperty('send_invitation_email')
    expect(Date.parse(res.body.expires_at) - Date.parse(res.body.created_at)).toBe(3600 * 1000)
    // Org, client, connection (and its enablement), roles and tenant settings: one batch, then the insert.
    expect(res.headers.get('x-d1-round-trips')).toBe('2')
  })

  it('reads ttl_sec 0 as seven days, and accepts the 30-day maximum', async () => {
    const { path, body } = await setup()
    const zero = await api.post(path, body({ ttl_sec: 0 }))
    expect(Date.parse(zero.body.expires_at) - Date.parse(zero.body.created_at)).toBe(SEVEN_DAYS_MS)
    const max = await api.post(path, body({ ttl_sec: 2592000 }))
    expect(Date.parse(max.body.expires_at) - Date.parse(max.body.created_at)).toBe(2592000 * 1000)
  })

  it('checks everything in one batch and writes once: at most 2 D1 round trips', async () => {
    const { path, body } = await setup()
    const res = await api.post(path, body({ send_invitation_email: true }))
    expect(res.status).toBe(201)
    expect(Number(res.headers.get('x-d1-round-trips'))).toBeLessThanOrEqual(2)
  })
})

describe('invitation_url', () => {
  it("falls back to the tenant's default_redirection_uri when the client has no initiate_login_uri", async () => {
    await setTenantLoginUri('https://mycompany.org/login')
    const { org, path, body } = await setup({ initiate_login_uri: undefined })
    const res = await api.post(path, body())
    expect(res.status).toBe(201)
    expect(res.body.invitation_url).toBe(
      `https://mycompany.org/login?invitation=${res.body.ticket_id}&organization=${org.id}&organization_name=${org.name}`,
    )
  })

  it('prefers the client login URI over the tenant default', async () => {
    await setTenantLoginUri('https://mycompany.org/login')
    const { path, body } = await setup()
    expect((await api.post(path, body())).body.invitation_url).toMatch(/^https:\/\/app\.example\.com\/login\?invitation=/)
  })

  it('appends with & when the login URI already has a query, and keeps a fragment last', async () => {
    const { org, path, body } = await setup({ initiate_login_uri: 'https://app.example.com/start?tenant=eu#top' })
    const res = await api.post(path, body())
    expect(res.body.invitation_url).toBe(
      `https://app.example.com/start?tenant=eu&invitation=${res.body.ticket_id}&organization=${org.id}&organization_name=${org.name}#top`,
    )
  })

  it("answers Auth0's 400 when neither the client nor the tenant has a login route, and writes nothing", async () => {
    const { path, body } = await setup({ initiate_login_uri: undefined })
    const res = await api.post(path, body())
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalidBody(NO_LOGIN_ROUTE))
    expect((await api.get(path)).body).toEqual([])
  })
})

describe('POST validation', () => {
  const cases: [string, unknown, string][] = [
    ['no body', undefined, "Payload validation error: 'Missing required property: inviter'"],
    ['body not an object', [], "Payload validation error: 'Expected type object but found type array'"],
    ['unknown key', { extra: 1 }, "Payload validation error: 'Additional properties not allowed: extra'"],
    ['missing inviter', { inviter: undefined }, "Payload validation error: 'Missing required property: inviter'"],
    ['missing invitee', { invitee: undefined }, "Payload validation error: 'Missing required property: invitee'"],
    ['missing client_id', { client_id: undefined }, "Payload validation error: 'Missing required property: client_id'"],
    ['inviter without name', { inviter: {} }, "Payload validation error: 'Missing required property: name' on property inviter."],
    ['inviter extra key', { inviter: { name: 'a', role: 'x' } }, "Payload validation error: 'Additional properties not allowed: role' on property inviter."],
    ['empty inviter name', { inviter: { name: '' } }, "Payload validation error: 'String is too short (0 chars), minimum 1' on property inviter.name (The inviter's name.)."],
    ['inviter name of 301', { inviter: { name: 'x'.repeat(301) } }, "Payload validation error: 'String is too long (301 chars), maximum 300' on property inviter.name (The inviter's name.)."],
    ['inviter name a number', { inviter: { name: 5 } }, "Payload validation error: 'Expected type string but found type integer' on property inviter.name (The inviter's name.)."],
    ['bad email', { invitee: { email: 'nope' } }, "Payload validation error: 'Object didn't pass validation for format email: nope' on property invitee.email (The invitee's email.)."],
    ['bad client_id', { client_id: 'not a client!' }, "Payload validation error: 'Object didn't pass validation for format client-id: not a client!' on property client_id (Auth0 client ID. Used to resolve the application's login initiation endpoint.)."],
    ['bad connection_id', { connection_id: 'conn1' }, "Payload validation error: 'Object didn't pass validation for format connection-id: conn1' on property connection_id (The id of the connection to force invitee to authenticate with.)."],
    ['negative ttl', { ttl_sec: -1 }, "Payload validation error: 'Value -1 is less than minimum 0' on property ttl_sec (Number of seconds for which the invitation is valid before expiration. If unspecified or set to 0, this value defaults to 604800 seconds (7 days). Max value: 2592000 seconds (30 days).)."],
    ['ttl over 30 days', { ttl_sec: 2592001 }, "Payload validation error: 'Value 2592001 is greater than maximum 2592000' on property ttl_sec (Number of seconds for which the invitation is valid before expiration. If unspecified or set to 0, this value defaults to 604800 seconds (7 days). Max value: 2592000 seconds (30 days).)."],
    ['fractional ttl', { ttl_sec: 1.5 }, "Payload validation error: 'Expected type integer but found type number' on property ttl_sec (Number of seconds for which the invitation is valid before expiration. If unspecified or set to 0, this value defaults to 604800 seconds (7 days). Max value: 2592000 seconds (30 days).)."],
    ['empty roles', { roles: [] }, "Payload validation error: 'Array is too short (0), minimum 1' on property roles (List of roles IDs to associated with the user.)."],
    ['bad role id', { roles: ['admin'] }, "Payload validation error: 'Object didn't pass validation for format role-id: admin' on property roles[0] (List of roles IDs to associated with the user.)."],
    ['metadata not an object', { app_metadata: 'x' }, "Payload validation error: 'Expected type object but found type string' on property app_metadata (Data related to the user that does affect the application's core functionality.)."],
    ['send flag not boolean', { send_invitation_email: 'yes' }, "Payload validation error: 'Expected type boolean but found type string' on property send_invitation_email (Whether the user will receive an invitation email (true) or no email (false), true by default)."],
  ]

  it.each(cases)('%s → 400 invalid_body', async (_name, patch, message) => {
    const { path, body } = await setup()
    const sent =
      patch === undefined || Array.isArray(patch)
        ? patch
        : Object.fromEntries(Object.entries(body(patch as Record<string, unknown>)).filter(([, v]) => v !== undefined))
    const res = await api.post(path, sent)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalidBody(message))
  })

  it('refuses an unknown client', async () => {
    const { path, body } = await setup()
    const res = await api.post(path, body({ client_id: 'A'.repeat(32) }))
    expect(res.body).toEqual(invalidBody('The specified client_id does not exist.'))
  })

  it.each([['deny'], [undefined]])('refuses a client whose organization_usage is %s', async (usage) => {
    const { path, body } = await setup({ organization_usage: usage })
    const res = await api.post(path, body())
    expect(res.status).toBe(400)
    expect(res.body).toEqual(invalidBody('The specified client_id does not allow organizations.'))
  })

  it('refuses an unknown connection, one not enabled for the org, and a passwordless one', async () => {
    const { org, path, body } = await setup()
    const unknown = await api.post(path, body({ connection_id: 'con_AAAAAAAAAAAAAAAA' }))
    expect(unknown.body).toEqual(invalidBody('The specified connection does not exist.'))

    const other = await createConnection('auth0')
    const notEnabled = await api.post(path, body({ connection_id: other.id }))
    expect(notEnabled.body).toEqual(invalidBody(`The specified connection (${other.id}) is not enabled for the organization`))

    const email = await createConnection('email')
    const enabled = await api.post(`/api/v2/organizations/${org.id}/enabled_connections`, { connection_id: email.id })
    expect(enabled.status).toBe(201)
    const passwordless = await api.post(path, body({ connection_id: email.id }))
    expect(passwordless.body).toEqual(invalidBody('Passwordless connections are not supported.'))
  })

  it('names every unknown role', async () => {
    const { path, body } = await setup()
    const known = await createRole()
    const res = await api.post(path, body({ roles: ['rol_AAAAAAAAAAAAAAAA', known.id, 'rol_BBBBBBBBBBBBBBBB'] }))
    expect(res.body).toEqual(invalidBody('One or more of the specified roles do not exist: rol_AAAAAAAAAAAAAAAA, rol_BBBBBBBBBBBBBBBB'))
  })

  it('answers the organization 404 for an unknown org', async () => {
    const { body } = await setup()
    const res = await api.post('/api/v2/organizations/org_AAAAAAAAAAAAAAAA/invitations', body())
    expect(res.status).toBe(404)
    expect(res.body).toEqual(ORG_NOT_FOUND)
  })
})

describe('the invitation email', () => {
  it('is queued on create and sent by the queue consumer; the state never shows in the body', async () => {
    const { path, body } = await setup()
    const res = await api.post(path, body({ send_invitation_email: true }))
    expect(res.status).toBe(201)
    expect(['queued', 'sending', 'sent']).toContain(await emailState(res.body.id))
    await vi.waitFor(async () => expect(await emailState(res.body.id)).toBe('sent'), { timeout: 5000, interval: 100 })
    expect(Object.keys((await api.get(`${path}/${res.body.id}`)).body)).not.toContain('email_state')
  })

  it('is not queued when send_invitation_email is false', async () => {
    const { path, body } = await setup()
    const res = await api.post(path, body())
    expect(await emailState(res.body.id)).toBe('none')
  })
})
