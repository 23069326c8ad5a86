// Seeding and checking through the API itself, from Node, as the bootstrap client: what the page
// shows is compared with what the server holds.
import { inject } from 'vitest'

let token: Promise<string> | undefined

async function adminToken(): Promise<string> {
  const { baseUrl, clientId, clientSecret } = inject('console')
  const res = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  })
  if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { access_token: string }).access_token
}

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const { baseUrl } = inject('console')
  const res = await fetch(`${baseUrl}/api/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${await (token ??= adminToken())}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

/** Like api(), but any status other than `expected` throws with the body. */
export async function must<T = any>(method: string, path: string, body?: unknown, expected?: number): Promise<T> {
  const res = await api<T>(method, path, body)
  if (expected ? res.status !== expected : res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** A unique suffix per call, so tests sharing one server never collide. */
let counter = 0
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`

let connection: Promise<string> | undefined

/** A database connection the tests create users in (made once per file). */
export function testConnection(): Promise<string> {
  return (connection ??= (async () => {
    const name = unique('e2e-db')
    await must('POST', '/connections', { name, strategy: 'auth0' })
    return name
  })())
}

export async function createUser(email: string, name?: string): Promise<{ user_id: string; email: string }> {
  return must('POST', '/users', { connection: await testConnection(), email, password: 'Secret-pass-123!', ...(name && { name }) })
}

export async function createOrganization(name = unique('e2e-org'), extra: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  return must('POST', '/organizations', { name, ...extra }, 201)
}

/** A client that allows organizations and has a login URI, as invitations need. */
export async function createInvitingClient(name = unique('E2E app')): Promise<{ client_id: string; name: string }> {
  return must('POST', '/clients', { name, organization_usage: 'allow', initiate_login_uri: 'https://app.example.com/login' }, 201)
}

/**
 * A client of its own with a grant on the Management API for just these scopes, for signing in with
 * less than everything. Returns its id and secret.
 */
export async function createLimitedClient(scopes: string[]): Promise<{ clientId: string; clientSecret: string }> {
  const client = await must('POST', '/clients', { name: unique('E2E limited'), app_type: 'non_interactive', grant_types: ['client_credentials'] }, 201)
  const audience = ((await adminClaims()) as { aud: string }).aud
  await must('POST', '/client-grants', { client_id: client.client_id, audience, scope: scopes }, 201)
  return { clientId: client.client_id, clientSecret: client.client_secret }
}

async function adminClaims(): Promise<Record<string, unknown>> {
  const jwt = await (token ??= adminToken())
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString())
}
