import { exports } from 'cloudflare:workers'
import { env } from 'cloudflare:workers'
import { SignJWT, importJWK } from 'jose'
import { MANAGEMENT_SCOPES } from '../../src/http/scopes'
import { checkContract } from './contract'
import { checkOwnDocument } from './openapi-check'

export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Headers
}

/** Mints a token signed with the Worker's key, with the scopes given (all management scopes by default). */
export async function mintToken(
  scopes: readonly string[] = MANAGEMENT_SCOPES,
  overrides: { audience?: string; issuer?: string; expiresIn?: string | number; notBefore?: string | number; key?: CryptoKey } = {},
): Promise<string> {
  const key = overrides.key ?? ((await importJWK(JSON.parse(env.SIGNING_KEY), 'RS256')) as CryptoKey)
  let jwt = new SignJWT({ scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'RS256', kid: JSON.parse(env.SIGNING_KEY).kid })
    .setIssuer(overrides.issuer ?? env.TOKEN_ISSUER)
    .setAudience(overrides.audience ?? env.API_AUDIENCE)
    .setSubject('test@clients')
    .setIssuedAt()
    .setExpirationTime(overrides.expiresIn ?? '1h')
  if (overrides.notBefore !== undefined) jwt = jwt.setNotBefore(overrides.notBefore)
  return jwt.sign(key)
}

let adminToken: Promise<string> | undefined

export interface CallOptions {
  token?: string | null
  scopes?: readonly string[]
  headers?: Record<string, string>
  rawBody?: string
}

/**
 * Calls the Worker through its fetch handler, as a client would. Bodies are parsed when JSON. Every
 * /api/v2 response is held to Auth0's published contract for its operation and status (contract.ts)
 * and to our own OpenAPI document (openapi-check.ts): a response that breaks either fails the test here.
 */
export async function call<T = any>(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers = new Headers(opts.headers)
  const token =
    opts.token === null ? null : opts.token ?? (opts.scopes ? await mintToken(opts.scopes) : await (adminToken ??= mintToken()))
  if (token) headers.set('authorization', `Bearer ${token}`)
  let payload: string | undefined = opts.rawBody
  if (body !== undefined) {
    payload = JSON.stringify(body)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  }
  const res = await exports.default.fetch(new Request(`https://edge-orgs.test${path}`, { method, headers, body: payload }))
  const text = await res.text()
  let parsed: unknown = text
  if (text && res.headers.get('content-type')?.includes('application/json')) parsed = JSON.parse(text)
  const checked = { status: res.status, body: parsed, text, contentType: res.headers.get('content-type') }
  await checkContract(method, path, checked, headers)
  checkOwnDocument(method, path, checked)
  return { status: res.status, body: parsed as T, headers: res.headers }
}

export const api = {
  get: <T = any>(path: string, opts?: CallOptions) => call<T>('GET', path, undefined, opts),
  post: <T = any>(path: string, body?: unknown, opts?: CallOptions) => call<T>('POST', path, body, opts),
  patch: <T = any>(path: string, body?: unknown, opts?: CallOptions) => call<T>('PATCH', path, body, opts),
  put: <T = any>(path: string, body?: unknown, opts?: CallOptions) => call<T>('PUT', path, body, opts),
  delete: <T = any>(path: string, body?: unknown, opts?: CallOptions) => call<T>('DELETE', path, body, opts),
}

/** Auth0's error body, whole. */
export const auth0Error = (statusCode: number, message: string, errorCode?: string) => {
  const error = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 412: 'Precondition Failed',
    413: 'Request Entity Too Large', 422: 'Unprocessable Entity',
  }[statusCode]
  return { statusCode, error, message, ...(errorCode && { errorCode }) }
}

let counter = 0
/** A name unique within the test file (storage is shared by the tests of one file). */
export const unique = (prefix = 'n') => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`
