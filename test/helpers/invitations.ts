import { env } from 'cloudflare:workers'
import { expect } from 'vitest'
import { api, auth0Error, unique } from './api'
import { createClient, createOrganization } from './factories'

export const ORG_NOT_FOUND = auth0Error(404, 'No organization found by that id or name')
export const INVITATION_NOT_FOUND = auth0Error(404, 'The invitation does not exist.', 'inexistent_invitation')

export async function setTenantLoginUri(uri: string | null) {
  const res = await api.patch('/api/v2/tenants/settings', { default_redirection_uri: uri })
  expect(res.status).toBe(200)
}

/**
 * An org and an org-enabled client with its own login URI, the org's invitations path, and a body
 * that invites through that client (without an email unless the test asks for one).
 */
export async function invitationSetup(clientBody: Record<string, unknown> = {}) {
  const org = await createOrganization({ display_name: 'Acme Inc.' })
  const client = await createClient({ organization_usage: 'allow', initiate_login_uri: 'https://app.example.com/login', ...clientBody })
  const path = `/api/v2/organizations/${org.id}/invitations`
  const body = (extra: Record<string, unknown> = {}) => ({
    inviter: { name: 'Jane Doe' },
    invitee: { email: `${unique('invitee')}@example.com` },
    client_id: client.client_id,
    send_invitation_email: false,
    ...extra,
  })
  return { org, client, path, body }
}

export const emailState = async (id: string) =>
  (await env.DB.prepare('SELECT email_state FROM invitations WHERE id = ?').bind(id).first<{ email_state: string }>())?.email_state
