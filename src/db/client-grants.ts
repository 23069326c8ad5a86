import { newId, now } from '../ids'
import type { Cursor } from '../http/checkpoint'
import type { Window } from '../http/pagination'
import { CLIENT_GRANT_DOC_FIELDS, type ClientGrant, type ClientGrantCreate, type ClientGrantListQuery, type ClientGrantUpdate } from '../schemas/client-grant'
import { deleteWithCleanup } from './cleanups'
import { isUniqueViolation } from './errors'

export interface ClientGrantRow {
  id: string
  client_id: string
  audience: string
  scope: string
  organization_usage: string | null
  allow_any_organization: number | null
  subject_type: string | null
}

/** The grant's columns, optionally qualified by a table alias (`g.id, g.client_id, ...`). */
export const grantColumns = (alias = '') =>
  ['id', 'client_id', 'audience', 'scope', 'organization_usage', 'allow_any_organization', 'subject_type']
    .map((c) => (alias ? `${alias}.${c}` : c))
    .join(', ')

/** Tenant grant reads also carry the document: Auth0's fields without a column (default_for, allow_all_scopes, ...). */
const COLUMNS = `${grantColumns()}, doc`

type TenantGrantRow = ClientGrantRow & { doc: string | null }

const toTenantGrant = (row: TenantGrantRow): ClientGrant => ({ ...toClientGrant(row), ...(row.doc !== null && JSON.parse(row.doc)) })

/** The document part of a body as JSON (a merge patch on PATCH, where null removes a field); null when it has none. */
function docPatch(input: Record<string, unknown>, dropNulls: boolean): string | null {
  const entries = CLIENT_GRANT_DOC_FIELDS.filter((k) => Object.hasOwn(input, k) && !(dropNulls && input[k] === null)).map((k) => [k, input[k]])
  return entries.length ? JSON.stringify(Object.fromEntries(entries)) : null
}

export const toClientGrant = (row: ClientGrantRow): ClientGrant => ({
  id: row.id,
  client_id: row.client_id,
  audience: row.audience,
  scope: JSON.parse(row.scope),
  ...(row.organization_usage !== null && { organization_usage: row.organization_usage }),
  ...(row.allow_any_organization !== null && { allow_any_organization: row.allow_any_organization === 1 }),
  ...(row.subject_type !== null && { subject_type: row.subject_type }),
})

const flag = (value: boolean | null | undefined) => (value === undefined || value === null ? null : value ? 1 : 0)

/**
 * Inserts the grant only if its client exists, in one statement. 'no_client' when it does not,
 * 'conflict' when the client already has a grant for this audience and subject type.
 */
export async function createClientGrant(db: D1Database, input: ClientGrantCreate & { client_id: string }): Promise<ClientGrant | 'no_client' | 'conflict'> {
  const row: TenantGrantRow = {
    id: newId('cgr'),
    client_id: input.client_id,
    audience: input.audience,
    scope: JSON.stringify(input.scope ?? []),
    organization_usage: input.organization_usage ?? null,
    allow_any_organization: flag(input.allow_any_organization),
    subject_type: input.subject_type ?? null,
    doc: docPatch(input, true),
  }
  try {
    const { meta } = await db
      .prepare(
        `INSERT INTO client_grants (${COLUMNS}, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE EXISTS (SELECT 1 FROM clients WHERE client_id = ?2)`,
      )
      .bind(row.id, row.client_id, row.audience, row.scope, row.organization_usage, row.allow_any_organization, row.subject_type, row.doc, now())
      .run()
    if (meta.changes === 0) return 'no_client'
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict'
    throw err
  }
  return toTenantGrant(row)
}

export async function findClientGrant(db: D1Database, id: string): Promise<ClientGrant | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM client_grants WHERE id = ?`).bind(id).first<TenantGrantRow>()
  return row && toTenantGrant(row)
}

export type ClientGrantFilter = Pick<ClientGrantListQuery, 'audience' | 'client_id' | 'allow_any_organization' | 'subject_type'>

const FILTER = `WHERE (?1 IS NULL OR audience = ?1) AND (?2 IS NULL OR client_id = ?2)
    AND (?3 IS NULL OR coalesce(allow_any_organization, 0) = ?3) AND (?4 IS NULL OR coalesce(subject_type, 'client') = ?4)`
const filterArgs = (filter: ClientGrantFilter) =>
  [filter.audience ?? null, filter.client_id ?? null, flag(filter.allow_any_organization), filter.subject_type ?? null]

export async function listClientGrants(db: D1Database, window: Window, filter: ClientGrantFilter): Promise<{ client_grants: ClientGrant[]; total: number }> {
  const args = filterArgs(filter)
  const [page, count] = await db.batch([
    db.prepare(`SELECT ${COLUMNS} FROM client_grants ${FILTER} ORDER BY created_at, id LIMIT ?5 OFFSET ?6`).bind(...args, window.limit, window.offset),
    db.prepare(`SELECT count(*) AS total FROM client_grants ${FILTER}`).bind(...args),
  ])
  return {
    client_grants: (page!.results as TenantGrantRow[]).map(toTenantGrant),
    total: (count!.results[0] as { total: number }).total,
  }
}

/** Checkpoint mode: up to `limit` grants after the cursor, in creation order (keyset on client_grants_created). */
export async function listClientGrantsAfter(
  db: D1Database,
  after: Cursor | null,
  limit: number,
  filter: ClientGrantFilter,
): Promise<{ item: ClientGrant; cursor: Cursor }[]> {
  const keyset = after ? 'AND (created_at, id) > (?6, ?7)' : ''
  const { results } = await db
    .prepare(`SELECT ${COLUMNS}, created_at FROM client_grants ${FILTER} ${keyset} ORDER BY created_at, id LIMIT ?5`)
    .bind(...filterArgs(filter), limit, ...(after ? [after.createdAt, after.id] : []))
    .all<TenantGrantRow & { created_at: string }>()
  return results.map((row) => ({ item: toTenantGrant(row), cursor: { createdAt: row.created_at, id: row.id } }))
}

/** Keys absent from the patch keep their value; `null` clears (scope becomes empty). */
export async function updateClientGrant(db: D1Database, id: string, patch: ClientGrantUpdate): Promise<ClientGrant | null> {
  const sent = (key: keyof ClientGrantUpdate) => (key in patch ? 1 : 0)
  const row = await db
    .prepare(
      `UPDATE client_grants SET
         scope = CASE WHEN ?2 THEN ?3 ELSE scope END,
         organization_usage = CASE WHEN ?4 THEN ?5 ELSE organization_usage END,
         allow_any_organization = CASE WHEN ?6 THEN ?7 ELSE allow_any_organization END,
         doc = CASE WHEN ?8 IS NULL THEN doc ELSE nullif(json_patch(coalesce(doc, '{}'), ?8), '{}') END
       WHERE id = ?1 RETURNING ${COLUMNS}`,
    )
    .bind(id, sent('scope'), JSON.stringify(patch.scope ?? []), sent('organization_usage'), patch.organization_usage ?? null,
      sent('allow_any_organization'), flag(patch.allow_any_organization), docPatch(patch, false))
    .first<TenantGrantRow>()
  return row && toTenantGrant(row)
}

/** Deletes the grant; its organization associations (up to one per org) go through the cleanup queue. */
export function deleteClientGrant(db: D1Database, id: string) {
  return deleteWithCleanup(db, db.prepare('DELETE FROM client_grants WHERE id = ?').bind(id), 'client_grant', id)
}
