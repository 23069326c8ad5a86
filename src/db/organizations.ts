import { newId, now } from '../ids'
import type { Window } from '../http/pagination'
import type { Organization, OrganizationCreate, OrganizationUpdate, ThirdPartyClientAccess } from '../schemas/organization'
import { insertCleanup, pendingTargets } from './cleanups'
import { isUniqueViolation } from './errors'
import { allRows } from './rows'

export interface OrganizationRow {
  id: string
  name: string
  display_name: string | null
  branding: string | null
  metadata: string | null
  token_quota: string | null
  third_party_client_access: ThirdPartyClientAccess
  is_app_entitlement_active: number
  created_at: string
}

export const ORG_COLUMNS =
  'id, name, display_name, branding, metadata, token_quota, third_party_client_access, is_app_entitlement_active, created_at'

export function toOrganization(row: OrganizationRow): Organization {
  const metadata = row.metadata ? (JSON.parse(row.metadata) as Record<string, string>) : undefined
  return {
    id: row.id,
    name: row.name,
    ...(row.display_name !== null && { display_name: row.display_name }),
    ...(row.branding !== null && { branding: JSON.parse(row.branding) }),
    ...(metadata && Object.keys(metadata).length > 0 && { metadata }),
    ...(row.token_quota !== null && { token_quota: JSON.parse(row.token_quota) }),
    third_party_client_access: row.third_party_client_access,
    is_app_entitlement_active: row.is_app_entitlement_active === 1,
  }
}

/** Null-valued metadata keys are removals (Auth0 never returns them); an empty object is stored as NULL. */
function metadataColumn(metadata: Record<string, string | null> | null | undefined): string | null {
  if (!metadata) return null
  const kept = Object.entries(metadata).filter(([, v]) => v !== null)
  return kept.length ? JSON.stringify(Object.fromEntries(kept)) : null
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value))

/** The INSERT of a new organization; `extra` statements (enabled connections) join the same batch. */
export function insertOrganization(db: D1Database, input: OrganizationCreate): { statement: D1PreparedStatement; row: OrganizationRow } {
  const createdAt = now()
  const row: OrganizationRow = {
    id: newId('org'),
    name: input.name,
    display_name: input.display_name ?? null,
    branding: json(input.branding),
    metadata: metadataColumn(input.metadata),
    token_quota: json(input.token_quota),
    third_party_client_access: input.third_party_client_access ?? 'block',
    is_app_entitlement_active: input.is_app_entitlement_active ? 1 : 0,
    created_at: createdAt,
  }
  const statement = db
    .prepare(
      `INSERT INTO organizations
         (id, name, display_name, branding, metadata, token_quota, third_party_client_access, is_app_entitlement_active, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)`,
    )
    .bind(row.id, row.name, row.display_name, row.branding, row.metadata, row.token_quota, row.third_party_client_access, row.is_app_entitlement_active, createdAt)
  return { statement, row }
}

/** Counts a new organization in the tenant's total; goes in the batch of its INSERT (a conflict fails both). */
export function countOrganizationAdded(db: D1Database): D1PreparedStatement {
  return db.prepare('UPDATE tenant_counts SET organizations = organizations + 1 WHERE id = 1')
}

/** Runs a batch whose first statement inserts or renames an org; a name collision reads as 'conflict'. */
export async function batchOrConflict(db: D1Database, statements: D1PreparedStatement[]): Promise<D1Result[] | 'conflict'> {
  try {
    return await db.batch(statements)
  } catch (err) {
    if (isUniqueViolation(err) && /organizations\.name/.test((err as Error).message)) return 'conflict'
    throw err
  }
}

export async function findOrganization(db: D1Database, id: string): Promise<OrganizationRow | null> {
  return db.prepare(`SELECT ${ORG_COLUMNS} FROM organizations WHERE id = ?`).bind(id).first<OrganizationRow>()
}

export async function findOrganizationByName(db: D1Database, name: string): Promise<OrganizationRow | null> {
  return db.prepare(`SELECT ${ORG_COLUMNS} FROM organizations WHERE name = ?`).bind(name).first<OrganizationRow>()
}

/** A statement yielding one row when the org exists: put it first in a batch to check existence for free. */
export function organizationExistsStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare('SELECT 1 AS found FROM organizations WHERE id = ?').bind(id)
}

const SORTS: Record<string, string> = {
  'created_at:1': 'created_at, id',
  'created_at:-1': 'created_at DESC, id DESC',
  'name:1': 'name',
  'name:-1': 'name DESC',
  'display_name:1': 'display_name, id',
  'display_name:-1': 'display_name DESC, id DESC',
}

export async function listOrganizationsOffset(
  db: D1Database,
  window: Window,
  sort: string | undefined,
  withTotal: boolean,
): Promise<{ rows: OrganizationRow[]; total?: number }> {
  const page = db
    .prepare(`SELECT ${ORG_COLUMNS} FROM organizations ORDER BY ${SORTS[sort ?? 'created_at:1']} LIMIT ? OFFSET ?`)
    .bind(window.limit, window.offset)
  if (!withTotal) return { rows: (await page.all<OrganizationRow>()).results }
  const [rows, count] = await db.batch([page, db.prepare('SELECT organizations AS total FROM tenant_counts WHERE id = 1')])
  return { rows: rows!.results as OrganizationRow[], total: (count!.results[0] as { total: number }).total }
}

/** Keyset page in creation order: `(created_at, id)` strictly after the cursor, on the organizations_created index. */
export async function listOrganizationsAfter(
  db: D1Database,
  after: { createdAt: string; id: string } | null,
  take: number,
): Promise<OrganizationRow[]> {
  const statement = after
    ? db
        .prepare(`SELECT ${ORG_COLUMNS} FROM organizations WHERE (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`)
        .bind(after.createdAt, after.id, take)
    : db.prepare(`SELECT ${ORG_COLUMNS} FROM organizations ORDER BY created_at, id LIMIT ?`).bind(take)
  return allRows<OrganizationRow>(statement)
}

/**
 * PATCH in one round trip: the previous name (to retire its KV entry) and the update, in one batch.
 * Each field is written only when the patch has the key (`?n` flags), so omitted keys stay as they are.
 */
export async function updateOrganization(
  db: D1Database,
  id: string,
  patch: OrganizationUpdate,
): Promise<{ row: OrganizationRow; previousName: string } | null | 'conflict'> {
  const has = (key: keyof OrganizationUpdate) => (key in patch ? 1 : 0)
  const result = await batchOrConflict(db, [
    db.prepare('SELECT name FROM organizations WHERE id = ?').bind(id),
    db
      .prepare(
        `UPDATE organizations SET
           name = CASE WHEN ?2 THEN ?3 ELSE name END,
           display_name = CASE WHEN ?4 THEN ?5 ELSE display_name END,
           branding = CASE WHEN ?6 THEN ?7 ELSE branding END,
           metadata = CASE WHEN ?8 THEN ?9 ELSE metadata END,
           token_quota = CASE WHEN ?10 THEN ?11 ELSE token_quota END,
           third_party_client_access = coalesce(?12, third_party_client_access),
           is_app_entitlement_active = coalesce(?13, is_app_entitlement_active),
           updated_at = ?14
         WHERE id = ?1 RETURNING ${ORG_COLUMNS}`,
      )
      .bind(
        id,
        has('name'), patch.name ?? null,
        has('display_name'), patch.display_name ?? null,
        has('branding'), json(patch.branding),
        has('metadata'), metadataColumn(patch.metadata),
        has('token_quota'), json(patch.token_quota),
        patch.third_party_client_access ?? null,
        patch.is_app_entitlement_active === undefined ? null : +patch.is_app_entitlement_active,
        now(),
      ),
  ])
  if (result === 'conflict') return 'conflict'
  const previous = result[0]!.results[0] as { name: string } | undefined
  const row = result[1]!.results[0] as OrganizationRow | undefined
  return previous && row ? { row, previousName: previous.name } : null
}

/**
 * Removes the org row and, only if a row went, records the cleanup of its dependents: one batch, so
 * the org is 404 and its name free at once while the queue does the large work. Its discovery domains
 * go in the same batch: a verified domain it claimed must be free at once too, like its name.
 */
export async function deleteOrganization(db: D1Database, id: string): Promise<{ name: string; cleanupId: string } | null> {
  const cleanupId = newId('cln')
  const [deleted] = await db.batch([
    db.prepare('DELETE FROM organizations WHERE id = ? RETURNING name').bind(id),
    insertCleanup(db, cleanupId, 'organization', id, true),
    db.prepare('DELETE FROM org_discovery_domains WHERE org_id = ?').bind(id),
    // The cleanup record exists only if this batch deleted the org.
    db.prepare('UPDATE tenant_counts SET organizations = organizations - 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM cleanups WHERE id = ?)').bind(cleanupId),
  ])
  const row = deleted!.results[0] as { name: string } | undefined
  return row ? { name: row.name, cleanupId } : null
}

/**
 * A user's organizations in membership order (on org_members_user_order). Deleted orgs have no row, so
 * they never appear; the total is the user's counter less the memberships of deleted orgs whose
 * cleanup has not reached them yet.
 */
export async function listUserOrganizations(
  db: D1Database,
  userId: string,
  window: Window,
): Promise<{ rows: OrganizationRow[]; total: number }> {
  const [page, count] = await db.batch([
    db
      .prepare(
        `SELECT ${ORG_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}
         FROM org_members m JOIN organizations o ON o.id = m.org_id
         WHERE m.user_id = ? ORDER BY m.created_at, m.org_id LIMIT ? OFFSET ?`,
      )
      .bind(userId, window.limit, window.offset),
    db
      .prepare(
        `SELECT coalesce((SELECT n FROM user_organization_counts WHERE user_id = ?1), 0)
           - (SELECT count(*) FROM (${pendingTargets('organization')}) p CROSS JOIN org_members m ON m.org_id = p.target_id AND m.user_id = ?1
              WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = p.target_id)) AS total`,
      )
      .bind(userId),
  ])
  return { rows: page!.results as OrganizationRow[], total: (count!.results[0] as { total: number }).total }
}
