import { env } from 'cloudflare:workers'
import { generateKeyPair, importJWK, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { api, mintToken } from '../helpers/api'

const unauthorized = (message: string) => ({ statusCode: 401, error: 'Unauthorized', message, attributes: { error: message } })
const now = () => Math.floor(Date.now() / 1000)

describe('authentication', () => {
  it('answers 401 Missing authentication without an Authorization header', async () => {
    const res = await api.get('/api/v2/roles', { token: null })
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Missing authentication' })
    expect(res.headers.get('www-authenticate')).toBe('Bearer')
  })

  it('answers Invalid token for a token that is not a JWT, or not a Bearer token', async () => {
    const garbage = await api.get('/api/v2/roles', { token: 'garbage' })
    expect(garbage.status).toBe(401)
    expect(garbage.body).toEqual(unauthorized('Invalid token'))
    const basic = await api.get('/api/v2/roles', { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } })
    expect(basic.body).toEqual(unauthorized('Invalid token'))
  })

  it('answers 401 for an expired token', async () => {
    const res = await api.get('/api/v2/roles', { token: await mintToken(undefined, { expiresIn: now() - 60 }) })
    expect(res.status).toBe(401)
    expect(res.body).toEqual(unauthorized('Expired token received for JSON Web Token validation'))
  })

  it('refuses a token it already accepted once that token has expired', async () => {
    const token = await mintToken(undefined, { expiresIn: now() + 2 })
    expect((await api.get('/api/v2/roles', { token })).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 2100))
    const res = await api.get('/api/v2/roles', { token })
    expect(res.body).toEqual(unauthorized('Expired token received for JSON Web Token validation'))
  })

  it('refuses a token without exp', async () => {
    const key = (await importJWK(JSON.parse(env.SIGNING_KEY), 'RS256')) as CryptoKey
    const token = await new SignJWT({ scope: 'read:roles' })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(env.TOKEN_ISSUER)
      .setAudience(env.API_AUDIENCE)
      .sign(key)
    expect((await api.get('/api/v2/roles', { token })).body).toEqual(unauthorized('Invalid token'))
  })

  it('answers 401 for a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('RS256')
    const res = await api.get('/api/v2/roles', { token: await mintToken(undefined, { key: privateKey }) })
    expect(res.status).toBe(401)
    expect(res.body).toEqual(unauthorized('Invalid signature received for JSON Web Token validation'))
  })

  it('answers 401 Bad audience for a token meant for another API', async () => {
    const res = await api.get('/api/v2/roles', { token: await mintToken(undefined, { audience: 'https://other.example.com/api/' }) })
    expect(res.status).toBe(401)
    expect(res.body).toEqual(unauthorized('Bad audience: https://other.example.com/api/'))
  })

  it('answers Invalid token for a token from another issuer or not valid yet', async () => {
    const issuer = await api.get('/api/v2/roles', { token: await mintToken(undefined, { issuer: 'https://evil.example.com/' }) })
    expect(issuer.body).toEqual(unauthorized('Invalid token'))
    const early = await api.get('/api/v2/roles', { token: await mintToken(undefined, { notBefore: now() + 3600 }) })
    expect(early.status).toBe(401)
    expect(early.body).toEqual(unauthorized('Invalid token'))
  })

  it('answers 403 insufficient_scope when the token lacks the scope', async () => {
    const res = await api.get('/api/v2/roles', { scopes: ['read:users', 'read:clients'] })
    expect(res.status).toBe(403)
    expect(res.body).toEqual({
      statusCode: 403, error: 'Forbidden', message: 'Insufficient scope, expected any of: read:roles', errorCode: 'insufficient_scope',
    })
  })

  it('accepts a valid token with the scope', async () => {
    const res = await api.get('/api/v2/roles', { scopes: ['read:roles'] })
    expect(res.status).toBe(200)
  })
})
