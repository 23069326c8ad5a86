import { now } from '../ids'
import type { OrgClient, OrgClientSummary } from '../schemas/org-client'
import { organizationExistsStatement } from './organizations'

/** Auth0's entity limit (Early Access): clients associated with one organization. */
export const MAX_ORG_CLIENTS = 100

interface OrgClientRow {
  client_id: string
  use_for_member_access: number
  name: string
  doc: string
}

/**
 * Associations of deleted clients wait for the cleanup queue; joining the clients table hides them
 * from every read and from the limit meanwhile.
 */
const ITEM = `SELECT oc.client_id, oc.use_for_member_access, c.name, c.doc
  FROM org_clients oc JOIN clients c ON c.client_id = oc.client_id`

const SUMMARY_KEYS = ['app_type', 'logo_uri', 'is_first_party', 'grant_types', 'organization_usage'] as const

/** The client as the association shows it: its name and, of these keys, only those set on it (recorded). */
function toSummary(name: string, doc: string): OrgClientSummary {
  const fields = JSON.parse(doc) as Record<string, unknown>
  const summary: Record<string, unknown> = { name }
  for (const key of SUMMARY_KEYS) if (fields[key] !== undefined) summary[key] = fields[key]
  return summary as OrgClientSummary
}

const toOrgClient = (row: OrgClientRow): OrgClient => ({
  client_id: row.client_id,
  use_for_member_access: row.use_for_member_access === 1,
  client: toSummary(row.name, row.doc),
})

export type AddRefusal = { kind: 'no_organization' } | { kind: 'unknown'; ids: string[] } | { kind: 'already_added'; ids: string[] } | { kind: 'limit_reached' }

/** The request's ids as SQL over its one JSON parameter (`?2`), so a batch of any size binds one value. */
const REQUESTED = `SELECT json_extract(value, '$.client_id') FROM json_each(?2)`

/**
 * Associates every client of the request or none, in one round trip. The INSERT is one statement whose
 * conditions do not depend on the row (the org exists, every client exists, none is associated yet,
 * the org stays within the limit), so it writes all rows or no row, and concurrent requests cannot
 * together pass the limit (D1 runs one statement at a time). The reads before it in the same batch
 * explain a refusal.
 */
export async function addOrgClients(
  db: D1Database,
  orgId: string,
  items: { client_id: string; use_for_member_access: boolean }[],
): Promise<OrgClient[] | AddRefusal> {
  const requested = JSON.stringify(items)
  const [org, clients, associated, insert] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`SELECT client_id, name, doc FROM clients WHERE client_id IN (${REQUESTED})`).bind(orgId, requested),
    db.prepare(`SELECT client_id FROM org_clients WHERE org_id = ?1 AND client_id IN (${REQUESTED})`).bind(orgId, requested),
    db
      .prepare(
        `INSERT INTO org_clients (org_id, client_id, use_for_member_access, created_at)
         SELECT ?1, json_extract(value, '$.client_id'), json_extract(value, '$.use_for_member_access'), ?3 FROM json_each(?2)
         WHERE EXISTS (SELECT 1 FROM organizations WHERE id = ?1)
           AND (SELECT count(*) FROM clients WHERE client_id IN (${REQUESTED})) = json_array_length(?2)
           AND NOT EXISTS (SELECT 1 FROM org_clients WHERE org_id = ?1 AND client_id IN (${REQUESTED}))
           AND (SELECT count(*) FROM org_clients oc JOIN clients c ON c.client_id = oc.client_id WHERE oc.org_id = ?1)
               + json_array_length(?2) <= ${MAX_ORG_CLIENTS}`,
      )
      .bind(orgId, requested, now()),
  ])
  if (org!.results.length === 0) return { kind: 'no_organization' }
  const found = new Map((clients!.results as { client_id: string; name: string; doc: string }[]).map((c) => [c.client_id, c]))
  const unknown = items.map((i) => i.client_id).filter((id) => !found.has(id))
  if (unknown.length) return { kind: 'unknown', ids: unknown }
  const already = (associated!.results as { client_id: string }[]).map((r) => r.client_id)
  if (already.length) return { kind: 'already_added', ids: already }
  if (insert!.meta.changes !== items.length) return { kind: 'limit_reached' }
  // Items in request order (recorded).
  return items.map(({ client_id, use_for_member_access }) => {
    const client = found.get(client_id)!
    return { client_id, use_for_member_access, client: toSummary(client.name, client.doc) }
  })
}

/**
 * Up to `limit` associations in client_id order, case-insensitively (recorded), from client `from` on
 * (inclusive: the cursor names the next page's first client); null when the org does not exist.
 */
export async function listOrgClients(db: D1Database, orgId: string, from: string | null, limit: number): Promise<OrgClient[] | null> {
  const [org, page] = await db.batch([
    organizationExistsStatement(db, orgId),
    db
      .prepare(
        `${ITEM} WHERE oc.org_id = ?1 AND (lower(oc.client_id), oc.client_id) >= (lower(?2), ?2)
         ORDER BY lower(oc.client_id), oc.client_id LIMIT ?3`,
      )
      .bind(orgId, from ?? '', limit),
  ])
  if (org!.results.length === 0) return null
  return (page!.results as OrgClientRow[]).map(toOrgClient)
}

export async function findOrgClient(db: D1Database, orgId: string, clientId: string): Promise<OrgClient | 'no_organization' | null> {
  const [org, item] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`${ITEM} WHERE oc.org_id = ? AND oc.client_id = ?`).bind(orgId, clientId),
  ])
  if (org!.results.length === 0) return 'no_organization'
  const row = item!.results[0] as OrgClientRow | undefined
  return row ? toOrgClient(row) : null
}

/** A PATCH: an absent `use_for_member_access` changes nothing. The item is read after the update, in the same batch. */
export async function updateOrgClient(
  db: D1Database,
  orgId: string,
  clientId: string,
  useForMemberAccess: boolean | undefined,
): Promise<OrgClient | 'no_organization' | null> {
  const [org, , item] = await db.batch([
    organizationExistsStatement(db, orgId),
    db
      .prepare('UPDATE org_clients SET use_for_member_access = coalesce(?3, use_for_member_access) WHERE org_id = ?1 AND client_id = ?2')
      .bind(orgId, clientId, useForMemberAccess === undefined ? null : +useForMemberAccess),
    db.prepare(`${ITEM} WHERE oc.org_id = ? AND oc.client_id = ?`).bind(orgId, clientId),
  ])
  if (org!.results.length === 0) return 'no_organization'
  const row = item!.results[0] as OrgClientRow | undefined
  return row ? toOrgClient(row) : null
}

/** Removes the associations of any number of clients in one statement; false when the org does not exist. */
export async function removeOrgClients(db: D1Database, orgId: string, clientIds: string[]): Promise<boolean> {
  const [org] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare('DELETE FROM org_clients WHERE org_id = ? AND client_id IN (SELECT value FROM json_each(?))').bind(orgId, JSON.stringify(clientIds)),
  ])
  return org!.results.length > 0
}
