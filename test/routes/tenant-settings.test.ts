import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { getTenantSettings } from '../../src/db/tenant-settings'
import { api, auth0Error } from '../helpers/api'

const path = '/api/v2/tenants/settings'

describe('tenant settings', () => {
  it('starts empty, merges what a PATCH sends, and removes a setting sent as null', async () => {
    expect((await api.get(path)).body).toEqual({})

    const first = await api.patch(path, { default_redirection_uri: 'https://login.example.com/start', friendly_name: 'Acme' })
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ default_redirection_uri: 'https://login.example.com/start', friendly_name: 'Acme' })

    const second = await api.patch(path, { support_email: 'help@example.com', picture_url: 'https://example.com/logo.png', friendly_name: null })
    expect(second.body).toEqual({
      default_redirection_uri: 'https://login.example.com/start',
      support_email: 'help@example.com',
      picture_url: 'https://example.com/logo.png',
    })
    expect((await api.get(path)).body).toEqual(second.body)
    expect(await getTenantSettings(env.DB)).toEqual(second.body)
  })

  it('validates the body with Auth0 messages', async () => {
    expect((await api.patch(path, { default_redirection_uri: 'http://insecure.example.com' })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Object didn't pass validation for format absolute-https-uri-or-empty: http://insecure.example.com' on property default_redirection_uri (The default absolute redirection uri, must be https).", 'invalid_body'),
    )
    expect((await api.patch(path, { support_email: 'nope' })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Object didn't pass validation for format email: nope' on property support_email (End-user support email address.).", 'invalid_body'),
    )
    expect((await api.patch(path, { friendly_name: 3 })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Expected type string,null but found type integer' on property friendly_name (The friendly name of the tenant).", 'invalid_body'),
    )
    expect((await api.patch(path, { sandbox_version: '18' })).body).toEqual(
      auth0Error(400, "Payload validation error: 'Additional properties not allowed: sandbox_version'", 'invalid_body'),
    )
  })

  it('needs read:tenant_settings to read and update:tenant_settings to change', async () => {
    expect((await api.get(path, { scopes: ['read:users'] })).body).toEqual(
      auth0Error(403, 'Insufficient scope, expected any of: read:tenant_settings', 'insufficient_scope'),
    )
    expect((await api.patch(path, { friendly_name: 'x' }, { scopes: ['read:tenant_settings'] })).body).toEqual(
      auth0Error(403, 'Insufficient scope, expected any of: update:tenant_settings', 'insufficient_scope'),
    )
  })
})
