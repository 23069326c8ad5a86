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
    ['org_clients', 'org_id'],
  ],
  user: [
    ['org_member_roles', 'user_id'],
    ['org_members', 'user_id'],
    ['role_users', 'user_id'],
  ],
  role: [
    ['org_member_roles', 'role_id'],
    ['role_users', 'role_id'],
    ['role_permissions', 'role_id'],
  ],
  connection: [['org_connections', 'connection_id']],
  client_grant: [['org_client_grants', 'grant_id']],
  client: [['org_clients', 'client_id']],
  resource_server: [['role_permissions', 'resource_server_id']],
} as const satisfies Record<string, readonly (readonly [string, string])[]>

export type CleanupKind = keyof typeof DEPENDENTS

/** Rows per chunk statement: each statement touches at most this many rows. */
export const CHUNK = 1000

export interface CleanupRecord {
  id: string
  kind: CleanupKind
  target_id: string
  /** For a connection: its name, which its users refer to. */
  target_name: string | null
  state: 'pending' | 'done'
  created_at: string
}

const RECORD_COLUMNS = 'id, kind, target_id, target_name, state, created_at'

/** Users deleted per chunk with a connection, each with their memberships and role assignments. */
export const USER_CHUNK = 200

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
 * its dependents, in one batch (after `before`, e.g. the statement writing the delete's event).
 * Returns the record, or null when there was nothing to delete.
 */
export async function deleteWithCleanup(
  db: D1Database,
  remove: D1PreparedStatement,
  kind: CleanupKind,
  targetId: string,
  before: D1PreparedStatement[] = [],
): Promise<Pick<CleanupRecord, 'id' | 'kind' | 'target_id'> | null> {
  const id = newId('cln')
  const deleted = (await db.batch([...before, remove, insertCleanup(db, id, kind, targetId, true)]))[before.length]
  return (deleted!.meta.changes ?? 0) > 0 ? { id, kind, target_id: targetId } : null
}

/**
 * Deletes one chunk from every dependent table of the record in one batch and returns the rows
 * deleted. Only rows created up to the delete are touched: a user re-created under the same id
 * keeps the memberships it gains afterwards.
 */
export async function deleteDependentsChunk(db: D1Database, record: CleanupRecord): Promise<number> {
  const statements = DEPENDENTS[record.kind].map(([table, column]) =>
    db
      .prepare(
        `DELETE FROM ${table} WHERE rowid IN
           (SELECT rowid FROM ${table} WHERE ${column} = ? AND created_at <= ? LIMIT ${CHUNK})`,
      )
      .bind(record.target_id, record.created_at),
  )
  if (record.kind === 'connection' && record.target_name !== null) statements.push(...connectionUsersChunk(db, record.target_name, record.created_at))
  if (record.kind === 'organization') statements.push(...organizationRolesChunk(db, record.target_id))
  const results = await db.batch(statements)
  return results.reduce((sum, r) => sum + (r.meta.changes ?? 0), 0)
}

/**
 * The next USER_CHUNK users of a deleted connection, with their memberships and role assignments.
 * All three statements pick the same users (same ordered subquery, inside one batch transaction).
 */
function connectionUsersChunk(db: D1Database, connectionName: string, before: string): D1PreparedStatement[] {
  const users = `SELECT user_id FROM users WHERE connection = ?1 AND created_at <= ?2 ORDER BY created_at, user_id LIMIT ${USER_CHUNK}`
  return [
    db.prepare(`DELETE FROM org_member_roles WHERE user_id IN (${users})`).bind(connectionName, before),
    db.prepare(`DELETE FROM org_members WHERE user_id IN (${users})`).bind(connectionName, before),
    db.prepare(`DELETE FROM role_users WHERE user_id IN (${users})`).bind(connectionName, before),
    db.prepare(`DELETE FROM users WHERE user_id IN (${users})`).bind(connectionName, before),
  ]
}

/**
 * The next chunk of a deleted organization's own roles (type organization, owner_id the org) and
 * their permissions. Their assignments are org_member_roles rows of this org, which the table list
 * above deletes; role_users never holds an organization role. A role goes only once its permissions
 * are gone, so a crash between chunks leaves no permission behind. No created_at bound: a role can
 * only be created for an organization that exists, and this one never will again.
 */
function organizationRolesChunk(db: D1Database, orgId: string): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `DELETE FROM role_permissions WHERE rowid IN
           (SELECT rp.rowid FROM roles r JOIN role_permissions rp ON rp.role_id = r.id WHERE r.owner_id = ? LIMIT ${CHUNK})`,
      )
      .bind(orgId),
    db
      .prepare(
        `DELETE FROM roles WHERE rowid IN
           (SELECT rowid FROM roles WHERE owner_id = ?1 AND NOT EXISTS (SELECT 1 FROM role_permissions WHERE role_id = roles.id) LIMIT ${CHUNK})`,
      )
      .bind(orgId),
  ]
}

export async function findCleanup(db: D1Database, cleanupId: string): Promise<CleanupRecord | null> {
  return db.prepare(`SELECT ${RECORD_COLUMNS} FROM cleanups WHERE id = ?`).bind(cleanupId).first<CleanupRecord>()
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
      `SELECT ${RECORD_COLUMNS} FROM cleanups
       WHERE state = 'pending' AND created_at < ? ORDER BY created_at LIMIT ?`,
    )
    .bind(olderThan, limit)
    .all<CleanupRecord>()
  return results
}
