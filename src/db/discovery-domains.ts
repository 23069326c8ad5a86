import { newSortableId, now, randomHex } from '../ids'
import type { DiscoveryDomain, DiscoveryDomainCreate, DiscoveryDomainUpdate } from '../schemas/discovery-domain'
import { isUniqueViolation } from './errors'
import { organizationExistsStatement } from './organizations'

interface DomainRow {
  id: string
  org_id: string
  domain: string
  status: DiscoveryDomain['status']
  use_for_organization_discovery: number
  verification_txt: string
}

const COLUMNS = 'id, org_id, domain, status, use_for_organization_discovery, verification_txt'

/** The DNS TXT record Auth0 asks for sits at `_ss-verification.<org id>.<domain>` (recorded). */
export function toDiscoveryDomain(row: DomainRow): DiscoveryDomain {
  return {
    id: row.id,
    domain: row.domain,
    status: row.status,
    verification_host: `_ss-verification.${row.org_id}.${row.domain}`,
    verification_txt: row.verification_txt,
    use_for_organization_discovery: row.use_for_organization_discovery === 1,
  }
}

/**
 * Two unique indexes speak for themselves: the same domain twice in one organization, and a verified
 * discovery domain claimed by a second organization (login could not tell which one a user belongs to).
 */
export type DomainConflict = 'duplicate' | 'claimed'

function conflictOf(err: unknown): DomainConflict | null {
  if (!isUniqueViolation(err)) return null
  return /org_discovery_domains\.org_id/.test((err as Error).message) ? 'duplicate' : 'claimed'
}

/** Runs a batch whose writes may hit either unique index; D1 rolls the whole batch back on one. */
async function batchOrConflict(db: D1Database, statements: D1PreparedStatement[]): Promise<D1Result[] | DomainConflict> {
  try {
    return await db.batch(statements)
  } catch (err) {
    const conflict = conflictOf(err)
    if (conflict) return conflict
    throw err
  }
}

export async function insertDiscoveryDomain(
  db: D1Database,
  orgId: string,
  input: DiscoveryDomainCreate,
  /** Told the answer before the write (an idempotent request keeps it in the same batch). */
  announce: (domain: DiscoveryDomain) => void = () => undefined,
): Promise<DiscoveryDomain | 'no_organization' | DomainConflict> {
  const row: DomainRow = {
    id: newSortableId('ord'),
    org_id: orgId,
    domain: input.domain.toLowerCase(),
    status: input.status ?? 'pending',
    use_for_organization_discovery: input.use_for_organization_discovery === false ? 0 : 1,
    verification_txt: randomHex(16),
  }
  announce(toDiscoveryDomain(row))
  const result = await batchOrConflict(db, [
    db
      .prepare(
        `INSERT INTO org_discovery_domains (${COLUMNS}, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM organizations WHERE id = ?2)`,
      )
      .bind(row.id, orgId, row.domain, row.status, row.use_for_organization_discovery, row.verification_txt, now()),
  ])
  if (typeof result === 'string') return result
  return result[0]!.meta.changes === 1 ? toDiscoveryDomain(row) : 'no_organization'
}

/** Up to `limit` domains of an org in creation (= id) order, from id `from` on; null when the org does not exist. */
export async function listDiscoveryDomains(db: D1Database, orgId: string, from: string | null, limit: number): Promise<DiscoveryDomain[] | null> {
  const [org, page] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`SELECT ${COLUMNS} FROM org_discovery_domains WHERE org_id = ? AND id >= ? ORDER BY id LIMIT ?`).bind(orgId, from ?? '', limit),
  ])
  if (org!.results.length === 0) return null
  return (page!.results as DomainRow[]).map(toDiscoveryDomain)
}

/** By id, or by domain name (case-insensitive): 'no_organization', the domain, or null. */
export async function findDiscoveryDomain(
  db: D1Database,
  orgId: string,
  by: { id: string } | { domain: string },
): Promise<DiscoveryDomain | 'no_organization' | null> {
  const [column, value] = 'id' in by ? ['id', by.id] : ['domain', by.domain.toLowerCase()]
  const [org, found] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare(`SELECT ${COLUMNS} FROM org_discovery_domains WHERE org_id = ? AND ${column} = ?`).bind(orgId, value),
  ])
  if (org!.results.length === 0) return 'no_organization'
  const row = found!.results[0] as DomainRow | undefined
  return row ? toDiscoveryDomain(row) : null
}

export async function updateDiscoveryDomain(
  db: D1Database,
  orgId: string,
  id: string,
  patch: DiscoveryDomainUpdate,
): Promise<DiscoveryDomain | 'no_organization' | 'claimed' | null> {
  const use = patch.use_for_organization_discovery === undefined ? null : +patch.use_for_organization_discovery
  const result = await batchOrConflict(db, [
    organizationExistsStatement(db, orgId),
    db
      .prepare(
        `UPDATE org_discovery_domains SET status = coalesce(?3, status), use_for_organization_discovery = coalesce(?4, use_for_organization_discovery)
         WHERE org_id = ?1 AND id = ?2 RETURNING ${COLUMNS}`,
      )
      .bind(orgId, id, patch.status ?? null, use),
  ])
  if (result === 'duplicate') throw new Error('discovery domain update cannot duplicate a domain')
  if (typeof result === 'string') return result
  if (result[0]!.results.length === 0) return 'no_organization'
  const row = result[1]!.results[0] as DomainRow | undefined
  return row ? toDiscoveryDomain(row) : null
}

/** Idempotent, as recorded: false only when the org does not exist. */
export async function deleteDiscoveryDomain(db: D1Database, orgId: string, id: string): Promise<boolean> {
  const [org] = await db.batch([
    organizationExistsStatement(db, orgId),
    db.prepare('DELETE FROM org_discovery_domains WHERE org_id = ? AND id = ?').bind(orgId, id),
  ])
  return org!.results.length > 0
}
