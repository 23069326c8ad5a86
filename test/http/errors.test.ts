import { describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../../src/http/body'
import { api, auth0Error, call } from '../helpers/api'

describe('error responses', () => {
  it('answers an unknown route with Auth0 404', async () => {
    const res = await api.get('/api/v2/no-such-thing')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found' })
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect((await call('GET', '/nowhere', undefined, { token: null })).body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found' })
  })

  it('refuses malformed JSON', async () => {
    const res = await call('POST', '/api/v2/roles', undefined, { rawBody: '{"name": ', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, 'Invalid request payload JSON format', 'invalid_body'))
  })

  it('refuses a body over 1 MB with 413', async () => {
    const rawBody = JSON.stringify({ name: 'x', description: 'd'.repeat(MAX_BODY_BYTES) })
    const res = await call('POST', '/api/v2/roles', undefined, { rawBody, headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(413)
    expect(res.body).toEqual(auth0Error(413, `Payload content length greater than maximum allowed: ${MAX_BODY_BYTES}`))
  })

  it('refuses a text/plain body with 400', async () => {
    const res = await call('POST', '/api/v2/roles', undefined, { rawBody: '{"name":"x"}', headers: { 'content-type': 'text/plain' } })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(auth0Error(400, 'Unsupported content type: text/plain. Send application/json.', 'invalid_body'))
  })
})
