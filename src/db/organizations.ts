import { newId, now } from '../ids'
import type { Window } from '../http/pagination'
import type { ListedOrganization, Organization, OrganizationCreate, OrganizationUpdate, ThirdPartyClientAccess } from '../schemas/organization'
import type { Precondition } from '../http/etag'
import { insertCleanup, pendingTargets } from './cleanups'
import { isUniqueViolation } from './errors'
import { organizationDeletedEvent, organizationUpdatedEvent } from './events'
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
  /** Bumped by every change of the organization: its ETag. */
  version: number
  created_at: string
}

export const ORG_COLUMNS =
  'id, name, display_name, branding, metadata, token_quota, third_party_client_access, is_app_entitlement_active, version, created_at'

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
    version: 1,
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
  'created_at:1': 'o.created_at, o.id',
  'created_at:-1': 'o.created_at DESC, o.id DESC',
  'name:1': 'o.name',
  'name:-1': 'o.name DESC',
  'display_name:1': 'o.display_name, o.id',
  'display_name:-1': 'o.display_name DESC, o.id DESC',
}

/** A list row; `client_use` only with include_client_association_for: null when the org is not associated with that client. */
export interface ListedOrganizationRow extends OrganizationRow {
  client_use?: number | null
}

export function toListedOrganization(row: ListedOrganizationRow): ListedOrganization {
  const org = toOrganization(row)
  return row.client_use === undefined || row.client_use === null ? org : { ...org, client: { use_for_member_access: row.client_use === 1 } }
}

const O_COLUMNS = ORG_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')

/**
 * The list's FROM clause: with a client id (`?1`), each organization's association with that client
 * comes from a LEFT JOIN on the association's primary key, so the page stays one query. A deleted
 * client's associations (awaiting cleanup) do not count.
 */
function listSource(clientId: string | undefined): string {
  if (clientId === undefined) return `SELECT ${O_COLUMNS} FROM organizations o`
  return `SELECT ${O_COLUMNS}, oc.use_for_member_access AS client_use FROM organizations o
    LEFT JOIN org_clients oc ON oc.org_id = o.id AND oc.client_id = ?1 AND EXISTS (SELECT 1 FROM clients WHERE client_id = ?1)`
}

export async function listOrganizationsOffset(
  db: D1Database,
  window: Window,
  sort: string | undefined,
  withTotal: boolean,
  clientId?: string,
): Promise<{ rows: ListedOrganizationRow[]; total?: number }> {
  const page = db
    .prepare(`${listSource(clientId)} ORDER BY ${SORTS[sort ?? 'created_at:1']} LIMIT ?2 OFFSET ?3`)
    .bind(clientId ?? null, window.limit, window.offset)
  if (!withTotal) return { rows: (await page.all<ListedOrganizationRow>()).results }
  const [rows, count] = await db.batch([page, db.prepare('SELECT organizations AS total FROM tenant_counts WHERE id = 1')])
  return { rows: rows!.results as ListedOrganizationRow[], total: (count!.results[0] as { total: number }).total }
}

/** Keyset page in creation order: `(created_at, id)` strictly after the cursor, on the organizations_created index. */
export async function listOrganizationsAfter(
  db: D1Database,
  after: { createdAt: string; id: string } | null,
  take: number,
  clientId?: string,
): Promise<ListedOrganizationRow[]> {
  const statement = db
    .prepare(`${listSource(clientId)} WHERE (o.created_at, o.id) > (?2, ?3) ORDER BY o.created_at, o.id LIMIT ?4`)
    .bind(clientId ?? null, after?.createdAt ?? '', after?.id ?? '', take)
  return allRows<ListedOrganizationRow>(statement)
}

/**
 * PATCH in one round trip: the previous name (to retire its KV entry) and the update, in one batch.
 * Each field is written only when the patch has the key (`?n` flags), so omitted keys stay as they are.
 */
export async function updateOrganization(
  db: D1Database,
  id: string,
  patch: OrganizationUpdate,
  precondition: Precondition | null = null,
): Promise<{ row: OrganizationRow; previousName: string } | null | 'conflict' | 'precondition_failed'> {
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
           version = version + 1,
           updated_at = ?14
         WHERE id = ?1 AND ${versionMatches('?15')} RETURNING ${ORG_COLUMNS}`,
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
        versionsParam(precondition),
      ),
    organizationUpdatedEvent(db, id),
  ])
  if (result === 'conflict') return 'conflict'
  const previous = result[0]!.results[0] as { name: string } | undefined
  const row = result[1]!.results[0] as OrganizationRow | undefined
  if (!previous) return precondition ? 'precondition_failed' : null
  return row ? { row, previousName: previous.name } : 'precondition_failed'
}

/** If-Match inside the writing statement itself, so no change can slip in between check and write. */
const versionMatches = (param: string) => `(${param} IS NULL OR version IN (SELECT value FROM json_each(${param})))`

/** The allowed versions as a JSON array, or null for no precondition (and for `*`: the row must merely exist). */
const versionsParam = (p: Precondition | null) => (p && p.anyOf !== '*' ? JSON.stringify(p.anyOf) : null)

/**
 * Removes the org row and, only if a row went, records the cleanup of its dependents: one batch, so
 * the org is 404 and its name free at once while the queue does the large work. Its discovery domains
 * go in the same batch: a verified domain it claimed must be free at once too, like its name.
 */
export async function deleteOrganization(
  db: D1Database,
  id: string,
  precondition: Precondition | null = null,
): Promise<{ name: string; cleanupId: string } | null | 'precondition_failed'> {
  const cleanupId = newId('cln')
  const versions = versionsParam(precondition)
  const [existed, , deleted] = await db.batch([
    db.prepare('SELECT 1 AS found FROM organizations WHERE id = ?').bind(id),
    organizationDeletedEvent(db, id, versions),
    db.prepare(`DELETE FROM organizations WHERE id = ?1 AND ${versionMatches('?2')} RETURNING name`).bind(id, versions),
    insertCleanup(db, cleanupId, 'organization', id, true),
    db.prepare('DELETE FROM org_discovery_domains WHERE org_id = ?1 AND NOT EXISTS (SELECT 1 FROM organizations WHERE id = ?1)').bind(id),
    // The cleanup record exists only if this batch deleted the org.
    db.prepare('UPDATE tenant_counts SET organizations = organizations - 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM cleanups WHERE id = ?)').bind(cleanupId),
  ])
  const row = deleted!.results[0] as { name: string } | undefined
  if (row) return { name: row.name, cleanupId }
  return precondition || existed!.results.length > 0 ? 'precondition_failed' : null
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
        `SELECT ${O_COLUMNS}
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
