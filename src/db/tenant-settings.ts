import type { TenantSettings, TenantSettingsUpdate } from '../schemas/tenant-settings'

/** The tenant's settings (one row, created by the first migration). */
export async function getTenantSettings(db: D1Database): Promise<TenantSettings> {
  const row = await db.prepare('SELECT settings FROM tenant_settings WHERE id = 1').first<{ settings: string }>()
  return row ? (JSON.parse(row.settings) as TenantSettings) : {}
}

/** Merges the patch into the stored settings in one statement (JSON merge patch: `null` removes a setting). */
export async function updateTenantSettings(db: D1Database, patch: TenantSettingsUpdate): Promise<TenantSettings> {
  const row = await db
    .prepare(
      `INSERT INTO tenant_settings (id, settings) VALUES (1, json_patch('{}', ?1))
       ON CONFLICT (id) DO UPDATE SET settings = json_patch(settings, ?1) RETURNING settings`,
    )
    .bind(JSON.stringify(patch))
    .first<{ settings: string }>()
  return JSON.parse(row!.settings) as TenantSettings
}
