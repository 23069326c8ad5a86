// GET /organizations/{id}/invitation-emails: not Auth0's; where each invitation's email stands.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { api, auth0Error, call } from '../helpers/api'
import { createOrganization } from '../helpers/factories'
import { invitationSetup as setup, ORG_NOT_FOUND } from '../helpers/invitations'

const setState = (id: string, state: string) => env.DB.prepare('UPDATE invitations SET email_state = ? WHERE id = ?').bind(state, id).run()

describe('GET /organizations/{id}/invitation-emails', () => {
  it('gives each named invitation’s email state in the order named, leaving out unknown, expired and other orgs’ ids', async () => {
    const { org, path, body } = await setup()
    const quiet = (await api.post(path, body())).body
    const mailed = (await api.post(path, body({ send_invitation_email: true }))).body
    const failed = (await api.post(path, body())).body
    const expired = (await api.post(path, body())).body
    await setState(failed.id, 'failed')
    await env.DB.prepare(`UPDATE invitations SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?`).bind(expired.id).run()
    const other = await setup()
    const elsewhere = (await api.post(other.path, other.body())).body

    const ids = [failed.id, 'uinv_unknown0000000', quiet.id, expired.id, elsewhere.id, mailed.id, quiet.id].join(',')
    const res = await api.get(`/api/v2/organizations/${org.id}/invitation-emails?ids=${ids}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual([
      { invitation_id: failed.id, state: 'failed' },
      { invitation_id: quiet.id, state: 'none' },
      { invitation_id: mailed.id, state: expect.stringMatching(/^(queued|sending|sent)$/) },
    ])
  })

  it('follows the email as the queue sends it', async () => {
    const { org, path, body } = await setup()
    const mailed = (await api.post(path, body({ send_invitation_email: true }))).body
    const url = `/api/v2/organizations/${org.id}/invitation-emails?ids=${mailed.id}`
    await expect.poll(async () => (await api.get(url)).body, { timeout: 10_000 }).toEqual([{ invitation_id: mailed.id, state: 'sent' }])
  })

  it('answers 404 for an unknown organization', async () => {
    const res = await api.get('/api/v2/organizations/org_unknown00000000/invitation-emails?ids=uinv_a')
    expect(res.status).toBe(404)
    expect(res.body).toEqual(ORG_NOT_FOUND)
  })

  it.each([
    ['', "Query validation error: 'Missing required property: ids'"],
    ['?ids=', "Query validation error: 'Array is too short (0), minimum 1' on property ids (Comma-separated ids of the invitations (1 to 100).)."],
    [
      `?ids=${Array.from({ length: 101 }, (_, i) => `uinv_${i}`).join(',')}`,
      "Query validation error: 'Array is too long (101), maximum 100' on property ids (Comma-separated ids of the invitations (1 to 100).).",
    ],
  ])('answers 400 for ids %#', async (query, message) => {
    const org = await createOrganization()
    const res = await api.get(`/api/v2/organizations/${org.id}/invitation-emails${query}`)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, message, 'invalid_query_string'))
  })

  it('needs read:organization_invitations', async () => {
    const org = await createOrganization()
    const url = `/api/v2/organizations/${org.id}/invitation-emails?ids=uinv_a`
    const denied = await call('GET', url, undefined, { scopes: ['read:organizations'] })
    expect(denied.status).toBe(403)
    expect(denied.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: read:organization_invitations', 'insufficient_scope'))
    expect(await call('GET', url, undefined, { scopes: ['read:organization_invitations'] })).toMatchObject({ status: 200, body: [] })
  })
})
