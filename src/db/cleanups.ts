import { newId, now } from '../ids'

/**
 * What a delete leaves behind, per kind: the dependent tables and the column naming the deleted
 * thing. Each has an index on that column, so a chunk is an index range, never a table scan.
 */
export const DEPENDENTS = {
  organization: [
    ['org_member_roles', 'org_id'],
    ['org_members', 'org_id'],
    ['invitations', 'org_id'],
    ['org_connections', 'org_id'],
    ['org_client_grants', 'org_id'],
  ],
  user: [
    ['org_member_roles', 'user_id'],
    ['org_members', 'user_id'],
  ],
  role: [['org_member_roles', 'role_id']],
  connection: [['org_connections', 'connection_id']],
  client_grant: [['org_client_grants', 'grant_id']],
} as const satisfies Record<string, readonly (readonly [string, string])[]>

export type CleanupKind = keyof typeof DEPENDENTS

/** Rows per chunk statement: each statement touches at most this many rows. */
export const CHUNK = 1000

export interface CleanupRecord {
  id: string
  kind: CleanupKind
  target_id: string
  state: 'pending' | 'done'
  created_at: string
}

/**
 * Records work left after a delete. With `ifPreviousChanged`, it is written only when the statement
 * before it in the same batch changed a row (the delete found its target).
 */
export function insertCleanup(
  db: D1Database,
  cleanupId: string,
  kind: CleanupKind,
  targetId: string,
  ifPreviousChanged = false,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO cleanups (id, kind, target_id, state, created_at)
       SELECT ?1, ?2, ?3, 'pending', ?4 WHERE ?5 = 0 OR changes() > 0`,
    )
    .bind(cleanupId, kind, targetId, now(), ifPreviousChanged ? 1 : 0)
}

/**
 * Runs `remove` (the DELETE of the owner row) and, only if it removed a row, records the cleanup of
 * its dependents, in one batch. Returns the record, or null when there was nothing to delete.
 */
export async function deleteWithCleanup(
  db: D1Database,
  remove: D1PreparedStatement,
  kind: CleanupKind,
  targetId: string,
): Promise<Pick<CleanupRecord, 'id' | 'kind' | 'target_id'> | null> {
  const id = newId('cln')
  const [deleted] = await db.batch([remove, insertCleanup(db, id, kind, targetId, true)])
  return (deleted!.meta.changes ?? 0) > 0 ? { id, kind, target_id: targetId } : null
}

/**
 * Deletes one chunk from every dependent table of the record in one batch and returns the rows
 * deleted. Only rows created up to the delete are touched: a user re-created under the same id
 * keeps the memberships it gains afterwards.
 */
export async function deleteDependentsChunk(db: D1Database, record: CleanupRecord): Promise<number> {
  const results = await db.batch(
    DEPENDENTS[record.kind].map(([table, column]) =>
      db
        .prepare(
          `DELETE FROM ${table} WHERE rowid IN
             (SELECT rowid FROM ${table} WHERE ${column} = ? AND created_at <= ? LIMIT ${CHUNK})`,
        )
        .bind(record.target_id, record.created_at),
    ),
  )
  return results.reduce((sum, r) => sum + (r.meta.changes ?? 0), 0)
}

export async function findCleanup(db: D1Database, cleanupId: string): Promise<CleanupRecord | null> {
  return db.prepare('SELECT id, kind, target_id, state, created_at FROM cleanups WHERE id = ?').bind(cleanupId).first<CleanupRecord>()
}

export async function finishCleanup(db: D1Database, cleanupId: string): Promise<void> {
  await db
    .prepare(`UPDATE cleanups SET state = 'done', finished_at = ? WHERE id = ? AND state != 'done'`)
    .bind(now(), cleanupId)
    .run()
}

/** Cleanups still pending since before `olderThan`: their job may have been lost, so the cron re-enqueues them. */
export async function stalePendingCleanups(db: D1Database, olderThan: string, limit: number): Promise<CleanupRecord[]> {
  const { results } = await db
    .prepare(
      `SELECT id, kind, target_id, state, created_at FROM cleanups
       WHERE state = 'pending' AND created_at < ? ORDER BY created_at LIMIT ?`,
    )
    .bind(olderThan, limit)
    .all<CleanupRecord>()
  return results
}
