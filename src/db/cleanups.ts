import { now } from '../ids'

/**
 * The tables holding an organization's dependents. Each chunk statement deletes at most CHUNK rows
 * of one org (by rowid through the org index), so no statement is unbounded whatever the org's size.
 */
const ORG_DEPENDENTS = ['org_member_roles', 'org_members', 'invitations', 'org_connections', 'org_client_grants'] as const

export const CHUNK = 1000

/**
 * Records work left after a delete. With `ifPreviousChanged`, it is written only when the statement
 * before it in the same batch changed a row (the delete found its target).
 */
export function insertCleanup(db: D1Database, cleanupId: string, kind: string, targetId: string, ifPreviousChanged = false): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO cleanups (id, kind, target_id, state, created_at)
       SELECT ?1, ?2, ?3, 'pending', ?4 WHERE ?5 = 0 OR changes() > 0`,
    )
    .bind(cleanupId, kind, targetId, now(), ifPreviousChanged ? 1 : 0)
}

/** Deletes one chunk from every dependent table in one batch; returns the number of rows deleted. */
export async function deleteOrganizationChunk(db: D1Database, orgId: string): Promise<number> {
  const results = await db.batch(
    ORG_DEPENDENTS.map((table) =>
      db
        .prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE org_id = ? LIMIT ${CHUNK})`)
        .bind(orgId),
    ),
  )
  return results.reduce((sum, r) => sum + (r.meta.changes ?? 0), 0)
}

export async function organizationExists(db: D1Database, orgId: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 FROM organizations WHERE id = ?').bind(orgId).first()) !== null
}

export async function finishCleanup(db: D1Database, cleanupId: string): Promise<void> {
  await db
    .prepare(`UPDATE cleanups SET state = 'done', finished_at = ? WHERE id = ? AND state != 'done'`)
    .bind(now(), cleanupId)
    .run()
}

export interface CleanupRecord {
  id: string
  kind: string
  target_id: string
  state: string
}

export async function findCleanup(db: D1Database, cleanupId: string): Promise<CleanupRecord | null> {
  return db.prepare('SELECT id, kind, target_id, state FROM cleanups WHERE id = ?').bind(cleanupId).first<CleanupRecord>()
}
