import { api, unique } from './api'
import type { ClientGrant } from '../../src/schemas/client-grant'

/** Creates tenant objects through the API, as a client would, and returns their bodies. */
export async function createConnection(strategy = 'auth0', name = unique('conn')) {
  const res = await api.post('/api/v2/connections', { name, strategy })
  if (res.status !== 201) throw new Error(`connection create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { id: string; name: string; strategy: string }
}

export async function createOrganization(body: Record<string, unknown> = {}) {
  const res = await api.post('/api/v2/organizations', { name: unique('org'), ...body })
  if (res.status !== 201) throw new Error(`organization create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { id: string; name: string; display_name?: string }
}

let databaseConnection: Promise<{ name: string }> | undefined

/** Users go in one database connection per test file, made on first use. */
export async function createUser(body: Record<string, unknown> = {}) {
  const connection = await (databaseConnection ??= createConnection('auth0'))
  const res = await api.post('/api/v2/users', {
    connection: connection.name,
    email: `${unique('user')}@example.com`,
    password: 'Passw0rd!Passw0rd',
    ...body,
  })
  if (res.status !== 201) throw new Error(`user create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { user_id: string; email: string; name: string; picture: string }
}

export async function createRole(name = unique('role'), description?: string) {
  const res = await api.post('/api/v2/roles', { name, ...(description !== undefined && { description }) })
  if (res.status !== 200) throw new Error(`role create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { id: string; name: string; description?: string }
}

/** An organization-level role owned by `orgId`. */
export async function createOrgRole(orgId: string, name = unique('org-role'), description?: string) {
  const res = await api.post('/api/v2/roles', { name, ...(description !== undefined && { description }), type: 'organization', owner_id: orgId })
  if (res.status !== 200) throw new Error(`org role create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { id: string; name: string; description?: string; type: 'organization'; owner_id: string }
}

export async function createClient(body: Record<string, unknown> = {}) {
  const res = await api.post('/api/v2/clients', { name: unique('app'), app_type: 'non_interactive', ...body })
  if (res.status !== 201) throw new Error(`client create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { client_id: string; name: string }
}

/** A resource server (API) defining `scopes`; its identifier is unique unless given. */
export async function createResourceServer(scopes: string[] = ['read:things', 'write:things'], body: Record<string, unknown> = {}) {
  const res = await api.post('/api/v2/resource-servers', {
    identifier: `https://${unique('api')}.example.com/`,
    scopes: scopes.map((value) => ({ value })),
    ...body,
  })
  if (res.status !== 201) throw new Error(`resource server create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { id: string; identifier: string; name?: string; scopes: { value: string; description?: string }[] }
}

/**
 * A grant for a new client on a new API (a grant's audience must name a resource server defining its
 * scopes); organizations allowed unless `body` says otherwise.
 */
export async function createClientGrant(body: Record<string, unknown> = {}) {
  const clientId = (body.client_id as string | undefined) ?? (await createClient()).client_id
  const scope = (body.scope as string[] | undefined) ?? ['read:things']
  const audience = (body.audience as string | undefined) ?? (await createResourceServer(scope)).identifier
  const res = await api.post('/api/v2/client-grants', {
    client_id: clientId,
    audience,
    scope,
    organization_usage: 'allow',
    allow_any_organization: true,
    ...body,
  })
  if (res.status !== 201) throw new Error(`client grant create failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as ClientGrant
}
