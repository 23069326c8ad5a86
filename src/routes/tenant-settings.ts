import { Router, type IRequest } from 'itty-router'
import { getTenantSettings, updateTenantSettings } from '../db/tenant-settings'
import type { Env } from '../env'
import { requireScope } from '../http/auth'
import { readBody } from '../http/body'
import { parse } from '../http/validate'
import { TenantSettingsUpdate } from '../schemas/tenant-settings'

export const tenantSettings = Router<IRequest, [Env, ExecutionContext]>({ base: '/api/v2/tenants/settings' })

tenantSettings.get('/', requireScope('read:tenant_settings'), (_req, env) => getTenantSettings(env.DB))

tenantSettings.patch('/', requireScope('update:tenant_settings'), async (req, env) =>
  updateTenantSettings(env.DB, parse(TenantSettingsUpdate, await readBody(req), 'invalid_body')),
)
