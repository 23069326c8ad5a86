import { env } from 'cloudflare:workers'
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { MANAGEMENT_SCOPES } from '../../src/http/scopes'
import { api, auth0Error, call, unique } from '../helpers/api'

const tokenRequest = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  call('POST', '/oauth/token', body, { token: null, headers })

const bootstrap = () => ({ grant_type: 'client_credentials', client_id: env.BOOTSTRAP_CLIENT_ID, client_secret: env.BOOTSTRAP_CLIENT_SECRET })

/** A client made through the API, optionally with a grant on the Management API. */
async function managementClient(scope?: string[]) {
  const { body: client } = await api.post('/api/v2/clients', { name: unique('m2m'), app_type: 'non_interactive' })
  if (scope) await api.post('/api/v2/client-grants', { client_id: client.client_id, audience: env.API_AUDIENCE, scope })
  return { client_id: client.client_id as string, client_secret: client.client_secret as string }
}

describe('POST /oauth/token', () => {
  it('gives the bootstrap client a day-long token with every scope, which the API accepts', async () => {
    const res = await tokenRequest(bootstrap())
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ access_token: expect.any(String), scope: MANAGEMENT_SCOPES.join(' '), expires_in: 86400, token_type: 'Bearer' })
    const claims = decodeJwt(res.body.access_token)
    expect(claims).toMatchObject({ iss: env.TOKEN_ISSUER, aud: env.API_AUDIENCE, sub: `${env.BOOTSTRAP_CLIENT_ID}@clients` })
    expect(claims.exp! - claims.iat!).toBe(86400)
    expect((await api.get('/api/v2/roles', { token: res.body.access_token })).status).toBe(200)
  })

  it('reads a form-encoded body', async () => {
    const form = new URLSearchParams(bootstrap()).toString()
    const res = await call('POST', '/oauth/token', undefined, { token: null, rawBody: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(200)
    expect(res.body.token_type).toBe('Bearer')
  })

  it('takes client credentials from HTTP Basic authentication', async () => {
    const basic = btoa(`${env.BOOTSTRAP_CLIENT_ID}:${env.BOOTSTRAP_CLIENT_SECRET}`)
    const res = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` })
    expect(res.status).toBe(200)
  })

  it('refuses a wrong secret and an unknown client with 401 invalid_client', async () => {
    const invalidClient = { error: 'invalid_client', error_description: 'Client authentication failed.' }
    const wrong = await tokenRequest({ ...bootstrap(), client_secret: 'wrong' })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toEqual(invalidClient)
    const unknown = await tokenRequest({ ...bootstrap(), client_id: 'no-such-client' })
    expect(unknown.status).toBe(401)
    expect(unknown.body).toEqual(invalidClient)
    const { client_id } = await managementClient(['read:roles'])
    const wrongForCreated = await tokenRequest({ grant_type: 'client_credentials', client_id, client_secret: 'wrong' })
    expect(wrongForCreated.body).toEqual(invalidClient)
  })

  it('needs a grant type, and only knows client_credentials', async () => {
    const { grant_type: _g, ...rest } = bootstrap()
    const missing = await tokenRequest(rest)
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({ error: 'invalid_request', error_description: 'Missing required parameter: grant_type' })
    const password = await tokenRequest({ ...bootstrap(), grant_type: 'password' })
    expect(password.status).toBe(400)
    expect(password.body).toEqual({ error: 'unsupported_grant_type', error_description: 'Unsupported grant type: password' })
  })

  it('gives a created client the scopes of its grant, and the API holds it to them', async () => {
    const credentials = await managementClient(['read:roles'])
    const res = await tokenRequest({ grant_type: 'client_credentials', ...credentials, audience: env.API_AUDIENCE })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ access_token: expect.any(String), scope: 'read:roles', expires_in: 86400, token_type: 'Bearer' })
    const token = res.body.access_token
    expect((await api.get('/api/v2/roles', { token })).status).toBe(200)
    const post = await api.post('/api/v2/roles', { name: unique('role') }, { token })
    expect(post.status).toBe(403)
    expect(post.body).toEqual(auth0Error(403, 'Insufficient scope, expected any of: create:roles', 'insufficient_scope'))
  })

  it('refuses a client without a grant on the audience', async () => {
    const credentials = await managementClient()
    const res = await tokenRequest({ grant_type: 'client_credentials', ...credentials })
    expect(res.status).toBe(403)
    expect(res.body).toEqual({
      error: 'access_denied',
      error_description: `Client is not authorized to access "${env.API_AUDIENCE}". You need to create a "client-grant" associated to this API.`,
    })
  })

  it('refuses scopes outside the grant', async () => {
    const credentials = await managementClient(['read:roles'])
    const res = await tokenRequest({ grant_type: 'client_credentials', ...credentials, scope: 'read:roles create:roles' })
    expect(res.status).toBe(403)
    expect(res.body).toEqual({ error: 'access_denied', error_description: 'Client has not been granted scopes: create:roles' })
  })

  it('ignores a user-access grant when issuing client credentials', async () => {
    const { body: client } = await api.post('/api/v2/clients', { name: unique('m2m') })
    await api.post('/api/v2/client-grants', { client_id: client.client_id, audience: env.API_AUDIENCE, scope: ['read:users'], subject_type: 'user' })
    const res = await tokenRequest({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret })
    expect(res.status).toBe(403)
    expect(res.body.error).toBe('access_denied')
  })
})

describe('GET /.well-known/jwks.json', () => {
  it('publishes the RS256 public key that verifies issued tokens', async () => {
    const res = await call('GET', '/.well-known/jwks.json', undefined, { token: null })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ keys: [{ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: 'test-key', alg: 'RS256', use: 'sig' }] })
    const { body } = await tokenRequest(bootstrap())
    const { payload, protectedHeader } = await jwtVerify(body.access_token, createLocalJWKSet(res.body), {
      issuer: env.TOKEN_ISSUER,
      audience: env.API_AUDIENCE,
    })
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: 'test-key' })
    expect(payload.scope).toBe(MANAGEMENT_SCOPES.join(' '))
  })
})
