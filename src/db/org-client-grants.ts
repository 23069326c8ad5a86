import type { Window } from '../http/pagination'
import { now } from '../ids'
import type { OrgClientGrant, OrgClientGrantAssociation, OrgClientGrantListQuery } from '../schemas/org-client-grant'
import { ORG_COLUMNS, organizationExistsStatement, type OrganizationRow } from './organizations'
import { grantColumns, toClientGrant, type ClientGrantRow } from './client-grants'

/** Auth0's entity limit (public cloud): client grants associated with one organization. */
export const MAX_ORG_CLIENT_GRANTS = 100

const GRANT_COLUMNS = grantColumns('g')

/** Auth0 lists `subject_type` here although its schema omits it; an unset one means 'client'. */
function toOrgClientGrant(row: ClientGrantRow): OrgClientGrant {
  return { ...toClientGrant(row), allow_any_organization: row.allow_any_organization === 1, subject_type: row.subject_type ?? 'client' }
}

export type AssociateRefusal = 'no_organization' | 'no_grant' | 'organizations_not_allowed' | 'already_associated' | 'limit_reached'

/**
 * Associates a grant with an org in one batch. The INSERT guards every rule itself (org exists,
 * grant allows organizations, limit, no duplicate), so concurrent calls cannot break them; the
 * reads before it, in the same transaction, explain a refusal.
 */
export async function associateClientGrant(
  db: D1Database,
  orgId: string,
  grantId: string,
): Promise<OrgClientGrantAssociation | AssociateRefusal> {
  const [org, grant, associated, insert] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`SELECT ${GRANT_COLUMNS} FROM client_grants g WHERE g.id = ?`).bind(grantId),
    db.prepare('SELECT 1 AS found FROM org_client_grants WHERE org_id = ? AND grant_id = ?').bind(orgId, grantId),
    db
      .prepare(
        `INSERT INTO org_client_grants (org_id, grant_id, created_at)
         SELECT ?1, g.id, ?3 FROM client_grants g
         WHERE g.id = ?2 AND g.organization_usage IN ('allow', 'require')
           AND EXISTS (SELECT 1 FROM organizations WHERE id = ?1)
           AND (SELECT count(*) FROM org_client_grants WHERE org_id = ?1) < ${MAX_ORG_CLIENT_GRANTS}
         ON CONFLICT DO NOTHING`,
      )
      .bind(orgId, grantId, now()),
  ])
  if (org!.results.length === 0) return 'no_organization'
  const row = grant!.results[0] as ClientGrantRow | undefined
  if (!row) return 'no_grant'
  if (insert!.meta.changes === 1) {
    const grant = toOrgClientGrant(row)
    return {
      grant_id: grant.id,
      client_id: grant.client_id,
      audience: grant.audience,
      scope: grant.scope,
      ...(grant.organization_usage && { organization_usage: grant.organization_usage }),
      allow_any_organization: grant.allow_any_organization,
    }
  }
  if (row.organization_usage !== 'allow' && row.organization_usage !== 'require') return 'organizations_not_allowed'
  return associated!.results.length > 0 ? 'already_associated' : 'limit_reached'
}

/** A page of an org's grants in association order, filtered, and their count; null when the org does not exist. */
export async function listOrgClientGrants(
  db: D1Database,
  orgId: string,
  window: Window,
  filter: Pick<OrgClientGrantListQuery, 'audience' | 'client_id' | 'grant_ids'>,
): Promise<{ items: OrgClientGrant[]; total: number } | null> {
  // ?1 org, ?2 audience, ?3 client_id, ?4 JSON array of grant ids: one statement text whatever the filter.
  const where = `WHERE a.org_id = ?1 AND (?2 IS NULL OR g.audience = ?2) AND (?3 IS NULL OR g.client_id = ?3)
    AND (?4 IS NULL OR a.grant_id IN (SELECT value FROM json_each(?4)))`
  const args = [orgId, filter.audience ?? null, filter.client_id ?? null, filter.grant_ids ? JSON.stringify(filter.grant_ids) : null]
  const from = 'FROM org_client_grants a JOIN client_grants g ON g.id = a.grant_id'
  const [org, page, count] = await db.batch([
    organizationExistsStatement(db, orgId),
    db
      .prepare(`SELECT ${GRANT_COLUMNS} ${from} ${where} ORDER BY a.created_at, a.grant_id LIMIT ?5 OFFSET ?6`)
      .bind(...args, window.limit, window.offset),
    db.prepare(`SELECT count(*) AS total ${from} ${where}`).bind(...args),
  ])
  if (org!.results.length === 0) return null
  return { items: (page!.results as ClientGrantRow[]).map(toOrgClientGrant), total: (count!.results[0] as { total: number }).total }
}

/** Removes an association; removing one that does not exist changes nothing. False when the org does not exist. */
export async function dissociateClientGrant(db: D1Database, orgId: string, grantId: string): Promise<boolean> {
  const [org] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare('DELETE FROM org_client_grants WHERE org_id = ? AND grant_id = ?').bind(orgId, grantId),
  ])
  return org!.results.length > 0
}

const grantExists = (db: D1Database, grantId: string) => db.prepare('SELECT 1 AS found FROM client_grants WHERE id = ?').bind(grantId)

/** Organization columns, prefixed, plus when the association was made (the keyset order). */
const ASSOCIATED_ORG = `SELECT ${ORG_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}, a.created_at AS associated_at
  FROM org_client_grants a JOIN organizations o ON o.id = a.org_id`

export type AssociatedOrganizationRow = OrganizationRow & { associated_at: string }

/** Offset page of a grant's organizations in association order, and their count; null when the grant does not exist. */
export async function listGrantOrganizationsOffset(
  db: D1Database,
  grantId: string,
  window: Window,
): Promise<{ rows: AssociatedOrganizationRow[]; total: number } | null> {
  const [grant, page, count] = await db.batch([
    grantExists(db, grantId),
    db.prepare(`${ASSOCIATED_ORG} WHERE a.grant_id = ? ORDER BY a.created_at, a.org_id LIMIT ? OFFSET ?`).bind(grantId, window.limit, window.offset),
    db.prepare('SELECT count(*) AS total FROM org_client_grants a JOIN organizations o ON o.id = a.org_id WHERE a.grant_id = ?').bind(grantId),
  ])
  if (grant!.results.length === 0) return null
  return { rows: page!.results as AssociatedOrganizationRow[], total: (count!.results[0] as { total: number }).total }
}

/** Keyset page: associations strictly after `(associated_at, org id)`, on the org_client_grants_grant_order index. */
export async function listGrantOrganizationsAfter(
  db: D1Database,
  grantId: string,
  after: { createdAt: string; id: string } | null,
  take: number,
): Promise<AssociatedOrganizationRow[] | null> {
  const [grant, page] = await db.batch([
    grantExists(db, grantId),
    db
      .prepare(`${ASSOCIATED_ORG} WHERE a.grant_id = ?1 AND (a.created_at, a.org_id) > (?2, ?3) ORDER BY a.created_at, a.org_id LIMIT ?4`)
      .bind(grantId, after?.createdAt ?? '', after?.id ?? '', take),
  ])
  if (grant!.results.length === 0) return null
  return page!.results as AssociatedOrganizationRow[]
}
