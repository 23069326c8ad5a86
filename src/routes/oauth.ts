import { Router, type IRequest } from 'itty-router'
import { SignJWT } from 'jose'
import { z } from 'zod'
import { constantTimeEqual, sha256Hex } from '../crypto'
import { findTokenClient } from '../db/clients'
import type { Env } from '../env'
import { ApiError } from '../errors'
import { readBody } from '../http/body'
import { signingKeys } from '../http/keys'
import { json } from '../http/respond'
import { MANAGEMENT_SCOPES } from '../http/scopes'

export const oauth = Router<IRequest, [Env, ExecutionContext]>()

const TOKEN_LIFETIME_SECONDS = 86400

const TokenRequest = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  audience: z.string().optional(),
  scope: z.string().optional(),
})

/** OAuth2 errors use their own body shape (RFC 6749 §5.2), not the Management API one. */
const oauthError = (status: number, error: string, description: string) =>
  json({ error, error_description: description }, status)

oauth.get('/.well-known/jwks.json', async (_req, env) => {
  const { publicJwk } = await signingKeys(env)
  return json({ keys: [publicJwk] })
})

oauth.post('/oauth/token', async (req, env) => {
  let body: unknown
  try {
    body = await readBody(req)
  } catch (err) {
    if (err instanceof ApiError) return oauthError(400, 'invalid_request', err.message)
    throw err
  }
  const parsed = TokenRequest.safeParse(body ?? {})
  if (!parsed.success) return oauthError(400, 'invalid_request', 'Invalid request parameters.')
  const params = { ...parsed.data, ...basicCredentials(req) }
  if (!params.grant_type) return oauthError(400, 'invalid_request', 'Missing required parameter: grant_type')
  if (params.grant_type !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${params.grant_type}`)
  }
  if (!params.client_id) return oauthError(400, 'invalid_request', 'Missing required parameter: client_id')
  if (!params.client_secret) return oauthError(401, 'invalid_client', 'Client authentication failed.')

  const audience = params.audience ?? env.API_AUDIENCE
  if (audience !== env.API_AUDIENCE) {
    return oauthError(403, 'access_denied', `Service not found: ${audience}`)
  }
  const granted = await grantedScopes(env, params.client_id, params.client_secret)
  if (granted === 'bad_client') return oauthError(401, 'invalid_client', 'Client authentication failed.')
  if (granted === 'no_client_credentials') {
    return oauthError(403, 'unauthorized_client', "Grant type 'client_credentials' not allowed for the client.")
  }
  if (granted === 'no_grant') {
    return oauthError(
      403,
      'access_denied',
      `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API.`,
    )
  }
  let scopes = granted
  if (params.scope !== undefined) {
    const asked = params.scope.split(' ').filter(Boolean)
    const missing = asked.filter((s) => !granted.includes(s))
    if (missing.length) return oauthError(403, 'access_denied', `Client has not been granted scopes: ${missing.join(', ')}`)
    scopes = asked
  }
  return json({ access_token: await issueToken(env, params.client_id, scopes), scope: scopes.join(' '), expires_in: TOKEN_LIFETIME_SECONDS, token_type: 'Bearer' })
})

function basicCredentials(req: Request): { client_id?: string; client_secret?: string } {
  const header = req.headers.get('authorization')
  const match = header && /^Basic\s+(\S+)$/i.exec(header)
  if (!match) return {}
  try {
    const [id, secret] = atob(match[1]!).split(':')
    return { client_id: decodeURIComponent(id ?? ''), client_secret: decodeURIComponent(secret ?? '') }
  } catch {
    return {}
  }
}

type Granted = string[] | 'bad_client' | 'no_client_credentials' | 'no_grant'

async function grantedScopes(env: Env, clientId: string, secret: string): Promise<Granted> {
  if (clientId === env.BOOTSTRAP_CLIENT_ID) {
    return (await constantTimeEqual(secret, env.BOOTSTRAP_CLIENT_SECRET)) ? [...MANAGEMENT_SCOPES] : 'bad_client'
  }
  const client = await findTokenClient(env.DB, clientId, env.API_AUDIENCE)
  // Compare even when the client is unknown, so timing does not tell which client ids exist.
  const matches = await constantTimeEqual(await sha256Hex(secret), client?.secretHash ?? '')
  if (!client || !matches) return 'bad_client'
  if (!client.grantTypes.includes('client_credentials')) return 'no_client_credentials'
  return client.grantedScopes ?? 'no_grant'
}

async function issueToken(env: Env, clientId: string, scopes: string[]): Promise<string> {
  const { privateKey, kid } = await signingKeys(env)
  return new SignJWT({ scope: scopes.join(' '), gty: 'client-credentials', azp: clientId })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuer(env.TOKEN_ISSUER)
    .setSubject(`${clientId}@clients`)
    .setAudience(env.API_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
    .sign(privateKey)
}
