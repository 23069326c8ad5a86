import { getTenantSettings, updateTenantSettings } from '../db/tenant-settings'
import { ok, operation } from '../http/operation'
import { TenantSettingsResponse } from '../openapi/responses'
import { TenantSettingsUpdate } from '../schemas/tenant-settings'

const get = operation(
  {
    method: 'GET',
    path: '/tenants/settings',
    operationId: 'get_settings',
    summary: 'Get the tenant settings organizations use',
    tag: 'tenants',
    scopes: ['read:tenant_settings'],
    responses: { 200: ok('The settings.', TenantSettingsResponse) },
  },
  ({ env }) => getTenantSettings(env.DB),
)

const update = operation(
  {
    method: 'PATCH',
    path: '/tenants/settings',
    operationId: 'patch_settings',
    summary: 'Update the tenant settings organizations use',
    tag: 'tenants',
    description: 'Merges; `null` removes a setting. `default_redirection_uri` is the invitation link fallback.',
    scopes: ['update:tenant_settings'],
    body: TenantSettingsUpdate,
    responses: { 200: ok('The settings.', TenantSettingsResponse) },
  },
  ({ body, env }) => updateTenantSettings(env.DB, body),
)

export const tenantSettings = [get, update]
