import { newId, now } from '../ids'
import type { Cursor } from '../http/checkpoint'
import type { Window } from '../http/pagination'
import { CLIENT_GRANT_DOC_FIELDS, type ClientGrant, type ClientGrantCreate, type ClientGrantListQuery, type ClientGrantUpdate } from '../schemas/client-grant'
import type { SystemServer } from '../schemas/resource-server'
import { deleteWithCleanup } from './cleanups'
import { isUniqueViolation } from './errors'
import { definesScopesSql, serverColumns, serverScopes, serversByIdentifierStatement, storedIdentifier, systemScopesJson, SYSTEM_IDENTIFIER, type ServerScopes } from './resource-servers'

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

export type GrantRefusal = 'no_client' | 'conflict' | 'no_resource_server' | { missingScopes: string[] }

/**
 * Inserts the grant only if its client exists and its audience names a resource server defining every
 * scope it grants, in one statement (the reads beside it in the batch only explain a refusal).
 * 'conflict' when the client already has a grant for this audience and subject type.
 */
export async function createClientGrant(
  db: D1Database,
  system: SystemServer,
  input: ClientGrantCreate & { client_id: string },
): Promise<ClientGrant | GrantRefusal> {
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
  let results: D1Result[]
  try {
    results = await db.batch([
      db.prepare('SELECT 1 AS found FROM clients WHERE client_id = ?').bind(row.client_id),
      serversByIdentifierStatement(db, system, [row.audience]),
      db
        .prepare(
          `INSERT INTO client_grants (${COLUMNS}, created_at)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE EXISTS (SELECT 1 FROM clients WHERE client_id = ?2)
             AND ${definesScopesSql('?10', '?4', '?11')}`,
        )
        .bind(row.id, row.client_id, row.audience, row.scope, row.organization_usage, row.allow_any_organization, row.subject_type, row.doc, now(),
          storedIdentifier(system, row.audience), systemScopesJson(system)),
    ])
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict'
    throw err
  }
  const [client, servers, insert] = results
  if (insert!.meta.changes === 1) return toTenantGrant(row)
  if (client!.results.length === 0) return 'no_client'
  return scopeRefusal(serverScopes(servers!.results, system).get(row.audience), input.scope ?? [])
}

/** Why a grant's scopes were refused: no server for its audience, or scopes the server does not define. */
function scopeRefusal(server: ServerScopes | undefined, scope: string[]): GrantRefusal {
  if (!server) return 'no_resource_server'
  return { missingScopes: scope.filter((s) => !server.scopes.some((defined) => defined.value === s)) }
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

/**
 * Keys absent from the patch keep their value; `null` clears (scope becomes empty). New scopes must be
 * defined by the resource server of the grant's audience, checked by the UPDATE itself; the reads
 * before it in the batch tell a missing grant from refused scopes.
 */
export async function updateClientGrant(
  db: D1Database,
  system: SystemServer,
  id: string,
  patch: ClientGrantUpdate,
): Promise<ClientGrant | null | Exclude<GrantRefusal, 'no_client' | 'conflict'>> {
  const sent = (key: keyof ClientGrantUpdate) => (key in patch ? 1 : 0)
  const server = 'CASE WHEN audience = ?9 THEN ?10 ELSE audience END'
  const [grant, servers, updated] = await db.batch([
    db.prepare('SELECT audience FROM client_grants WHERE id = ?').bind(id),
    db
      .prepare(
        `SELECT ${serverColumns('rs')} FROM client_grants g
         JOIN resource_servers rs ON rs.identifier = CASE WHEN g.audience = ?2 THEN ?3 ELSE g.audience END WHERE g.id = ?1`,
      )
      .bind(id, system.identifier, SYSTEM_IDENTIFIER),
    db
      .prepare(
        `UPDATE client_grants SET
           scope = CASE WHEN ?2 THEN ?3 ELSE scope END,
           organization_usage = CASE WHEN ?4 THEN ?5 ELSE organization_usage END,
           allow_any_organization = CASE WHEN ?6 THEN ?7 ELSE allow_any_organization END,
           doc = CASE WHEN ?11 IS NULL THEN doc ELSE nullif(json_patch(coalesce(doc, '{}'), ?11), '{}') END
         WHERE id = ?1 AND (?2 = 0 OR ${definesScopesSql(server, '?3', '?8')}) RETURNING ${COLUMNS}`,
      )
      .bind(id, sent('scope'), JSON.stringify(patch.scope ?? []), sent('organization_usage'), patch.organization_usage ?? null,
        sent('allow_any_organization'), flag(patch.allow_any_organization), systemScopesJson(system), system.identifier, SYSTEM_IDENTIFIER,
        docPatch(patch, false)),
  ])
  const row = updated!.results[0] as TenantGrantRow | undefined
  if (row) return toTenantGrant(row)
  const audience = (grant!.results[0] as { audience: string } | undefined)?.audience
  if (audience === undefined) return null
  return scopeRefusal(serverScopes(servers!.results, system).get(audience), patch.scope ?? []) as Exclude<GrantRefusal, 'no_client' | 'conflict'>
}

/** Deletes the grant; its organization associations (up to one per org) go through the cleanup queue. */
export function deleteClientGrant(db: D1Database, id: string) {
  return deleteWithCleanup(db, db.prepare('DELETE FROM client_grants WHERE id = ?').bind(id), 'client_grant', id)
}
