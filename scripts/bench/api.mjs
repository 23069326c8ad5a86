// A small client for the bench: Management API calls with a Bearer token signed like
// scripts/token.mjs does, and the bench-only /__bench routes.
import { SignJWT, importJWK } from 'jose'
import { managementScopes, tokenSettings } from '../lib/dev-vars.mjs'

/** Every Management API scope, signed with the SIGNING_KEY the server under test was given. */
export async function signToken(secrets) {
  const { issuer, audience } = tokenSettings()
  const jwk = JSON.parse(secrets.SIGNING_KEY)
  const key = await importJWK({ ...jwk, alg: 'RS256' }, 'RS256')
  const clientId = secrets.BOOTSTRAP_CLIENT_ID
  return new SignJWT({ scope: managementScopes().join(' '), gty: 'client-credentials', azp: clientId })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: jwk.kid ?? 'default' })
    .setIssuer(issuer)
    .setSubject(`${clientId}@clients`)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(key)
}

export function apiClient(baseUrl, token) {
  /** One request; returns { status, headers, body, ms }. Throws on a status outside `expect`. */
  async function call(method, path, { body, expect = [200, 201, 204], headers = {} } = {}) {
    const started = performance.now()
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    const ms = performance.now() - started
    const parsed = text ? safeJson(text) : undefined
    if (!expect.includes(res.status)) {
      throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`)
    }
    return { status: res.status, headers: res.headers, body: parsed, ms }
  }
  return {
    baseUrl,
    token,
    call,
    get: (path, opts) => call('GET', path, opts).then((r) => r.body),
    post: (path, body, opts) => call('POST', path, { ...opts, body }).then((r) => r.body),
  }
}

function safeJson(text) {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
